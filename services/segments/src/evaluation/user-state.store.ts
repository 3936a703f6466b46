import { EntityManager } from 'typeorm';
import { emptyUserState, type UserState } from '../domain';

/** A user's stored state, locked for the caller's transaction. */
export interface LockedUser {
  userId: string;
  state: UserState;
  /** Per segment id: the next instant its answer can change (epoch ms). */
  nextChanges: Record<string, number>;
  /** The last membership sequence number published for this user. */
  seq: number;
}

interface StateRow {
  user_id: string;
  state: UserState;
  next_changes: Record<string, number>;
  seq: string;
}

function toLocked(r: StateRow): LockedUser {
  return { userId: r.user_id, state: r.state, nextChanges: r.next_changes, seq: Number(r.seq) };
}

/**
 * Creates missing state rows and locks the users' rows FOR UPDATE, in user id
 * order (every writer locks in that order, so writers never deadlock).
 */
export async function lockUsers(m: EntityManager, workspaceId: string, userIds: string[], now: Date): Promise<Map<string, LockedUser>> {
  const ids = [...new Set(userIds)].sort();
  await m.query(
    `INSERT INTO segments.user_states (workspace_id, user_id, state, updated_at)
     SELECT $1, u, $3::jsonb, $4 FROM unnest($2::text[]) AS u
     ON CONFLICT DO NOTHING`,
    [workspaceId, ids, JSON.stringify(emptyUserState()), now],
  );
  const rows: StateRow[] = await m.query(
    `SELECT user_id, state, next_changes, seq FROM segments.user_states
     WHERE workspace_id = $1 AND user_id = ANY($2::text[]) ORDER BY user_id FOR UPDATE`,
    [workspaceId, ids],
  );
  return new Map(rows.map((r) => [r.user_id, toLocked(r)]));
}

/** Locks existing users' rows without waiting: rows another transaction holds are skipped. */
export async function lockUsersSkipLocked(m: EntityManager, workspaceId: string, userIds: string[]): Promise<LockedUser[]> {
  const rows: StateRow[] = await m.query(
    `SELECT user_id, state, next_changes, seq FROM segments.user_states
     WHERE workspace_id = $1 AND user_id = ANY($2::text[]) ORDER BY user_id FOR UPDATE SKIP LOCKED`,
    [workspaceId, [...new Set(userIds)]],
  );
  return rows.map(toLocked);
}

/** A page of a workspace's users after `afterUserId`, locked (backfill). */
export async function lockUserPage(m: EntityManager, workspaceId: string, afterUserId: string, limit: number): Promise<LockedUser[]> {
  const rows: StateRow[] = await m.query(
    `SELECT user_id, state, next_changes, seq FROM segments.user_states
     WHERE workspace_id = $1 AND user_id > $2 ORDER BY user_id LIMIT $3 FOR UPDATE`,
    [workspaceId, afterUserId, limit],
  );
  return rows.map(toLocked);
}

/** Read-only page of users and states (preview). */
export async function readUserPage(m: EntityManager, workspaceId: string, afterUserId: string, limit: number): Promise<LockedUser[]> {
  const rows: StateRow[] = await m.query(
    `SELECT user_id, state, next_changes, seq FROM segments.user_states
     WHERE workspace_id = $1 AND user_id > $2 ORDER BY user_id LIMIT $3`,
    [workspaceId, afterUserId, limit],
  );
  return rows.map(toLocked);
}

/** Current memberships (segment ids) of the given users. */
export async function loadMemberships(m: EntityManager, workspaceId: string, userIds: string[]): Promise<Map<string, Set<string>>> {
  const rows: Array<{ user_id: string; segment_id: string }> = await m.query(
    `SELECT user_id, segment_id FROM segments.memberships WHERE workspace_id = $1 AND user_id = ANY($2::text[])`,
    [workspaceId, userIds],
  );
  const out = new Map<string, Set<string>>(userIds.map((u) => [u, new Set<string>()]));
  for (const r of rows) out.get(r.user_id)?.add(r.segment_id);
  return out;
}

export interface UserWrite {
  userId: string;
  state: UserState;
  nextChanges: Record<string, number>;
  seq: number;
  dueAt: number | null;
  entered: string[];
  exited: string[];
}

/** Writes states, sequence numbers, timers and membership rows for a set of users, set-based. */
export async function writeUsers(m: EntityManager, workspaceId: string, writes: UserWrite[], now: Date): Promise<void> {
  if (writes.length === 0) return;
  const users = writes.map((w) => w.userId);
  // One JSON document rather than an array per column: no array literal of the states is built and escaped.
  await m.query(
    `UPDATE segments.user_states s SET state = u.state, next_changes = u.next, seq = u.seq, updated_at = $3
     FROM jsonb_to_recordset($2::jsonb) AS u(user_id text, state jsonb, next jsonb, seq bigint)
     WHERE s.workspace_id = $1 AND s.user_id = u.user_id`,
    [workspaceId, JSON.stringify(writes.map((w) => ({ user_id: w.userId, state: w.state, next: w.nextChanges, seq: w.seq }))), now],
  );
  await m.query(
    `INSERT INTO segments.timers (workspace_id, user_id, due_at)
     SELECT $1, u, d FROM unnest($2::text[], $3::timestamptz[]) AS t(u, d)
     ON CONFLICT (workspace_id, user_id) DO UPDATE SET due_at = EXCLUDED.due_at`,
    [workspaceId, users, writes.map((w) => (w.dueAt === null ? null : new Date(w.dueAt)))],
  );
  const entered = writes.flatMap((w) => w.entered.map((s) => [s, w.userId]));
  const exited = writes.flatMap((w) => w.exited.map((s) => [s, w.userId]));
  if (entered.length > 0) {
    await m.query(
      `INSERT INTO segments.memberships (segment_id, workspace_id, user_id, entered_at)
       SELECT s, $1, u, $4 FROM unnest($2::uuid[], $3::text[]) AS e(s, u) ON CONFLICT DO NOTHING`,
      [workspaceId, entered.map((e) => e[0]), entered.map((e) => e[1]), now],
    );
  }
  if (exited.length > 0) {
    await m.query(
      `DELETE FROM segments.memberships m USING unnest($2::uuid[], $3::text[]) AS e(s, u)
       WHERE m.workspace_id = $1 AND m.segment_id = e.s AND m.user_id = e.u`,
      [workspaceId, exited.map((e) => e[0]), exited.map((e) => e[1])],
    );
  }
}
