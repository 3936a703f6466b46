import { outboxColumns, type OutgoingMessage } from '@cairn/kafka';
import { EntityManager } from 'typeorm';
import { emptyUserState, type UserState } from '@cairn/segments-domain';

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
 * Occurrences of event names no segment references are kept this long, so a
 * segment created later can be backfilled over recent history.
 */
export const UNREFERENCED_EVENT_RETENTION_MS = 30 * 24 * 3600_000;

export interface UserWrite {
  userId: string;
  state: UserState;
  nextChanges: Record<string, number>;
  seq: number;
  dueAt: number | null;
  entered: string[];
  exited: string[];
}

/**
 * Users' stored states with their memberships, sequence numbers and
 * re-evaluation timers; every method is scoped to one workspace, except the
 * timer loop's claim (claimDueTimers).
 */
export class UserStateRepository {
  constructor(private readonly m: EntityManager) {}

  /**
   * Creates missing state rows and locks the users' rows FOR UPDATE, in user id
   * order (every writer locks in that order, so writers never deadlock).
   */
  async lockUsers(workspaceId: string, userIds: string[], now: Date): Promise<Map<string, LockedUser>> {
    const ids = [...new Set(userIds)].sort();
    await this.m.query(
      `INSERT INTO segments.user_states (workspace_id, user_id, state, updated_at)
       SELECT $1, u, $3::jsonb, $4 FROM unnest($2::text[]) AS u
       ON CONFLICT DO NOTHING`,
      [workspaceId, ids, JSON.stringify(emptyUserState()), now],
    );
    const rows: StateRow[] = await this.m.query(
      `SELECT user_id, state, next_changes, seq FROM segments.user_states
       WHERE workspace_id = $1 AND user_id = ANY($2::text[]) ORDER BY user_id FOR UPDATE`,
      [workspaceId, ids],
    );
    return new Map(rows.map((r) => [r.user_id, toLocked(r)]));
  }

  /** Locks existing users' rows FOR UPDATE, in user id order, waiting for other holders (no row is created). */
  async lockExistingUsers(workspaceId: string, userIds: string[]): Promise<LockedUser[]> {
    const rows: StateRow[] = await this.m.query(
      `SELECT user_id, state, next_changes, seq FROM segments.user_states
       WHERE workspace_id = $1 AND user_id = ANY($2::text[]) ORDER BY user_id FOR UPDATE`,
      [workspaceId, [...new Set(userIds)].sort()],
    );
    return rows.map(toLocked);
  }

  /** Locks existing users' rows without waiting: rows another transaction holds are skipped. */
  async lockUsersSkipLocked(workspaceId: string, userIds: string[]): Promise<LockedUser[]> {
    const rows: StateRow[] = await this.m.query(
      `SELECT user_id, state, next_changes, seq FROM segments.user_states
       WHERE workspace_id = $1 AND user_id = ANY($2::text[]) ORDER BY user_id FOR UPDATE SKIP LOCKED`,
      [workspaceId, [...new Set(userIds)]],
    );
    return rows.map(toLocked);
  }

  /** A page of a workspace's users after `afterUserId`, locked (backfill). */
  async lockUserPage(workspaceId: string, afterUserId: string, limit: number): Promise<LockedUser[]> {
    const rows: StateRow[] = await this.m.query(
      `SELECT user_id, state, next_changes, seq FROM segments.user_states
       WHERE workspace_id = $1 AND user_id > $2 ORDER BY user_id LIMIT $3 FOR UPDATE`,
      [workspaceId, afterUserId, limit],
    );
    return rows.map(toLocked);
  }

  /** Read-only page of users and states (preview). */
  async readUserPage(workspaceId: string, afterUserId: string, limit: number): Promise<LockedUser[]> {
    const rows: StateRow[] = await this.m.query(
      `SELECT user_id, state, next_changes, seq FROM segments.user_states
       WHERE workspace_id = $1 AND user_id > $2 ORDER BY user_id LIMIT $3`,
      [workspaceId, afterUserId, limit],
    );
    return rows.map(toLocked);
  }

  /** Current memberships (segment ids) of the given users. */
  async loadMemberships(workspaceId: string, userIds: string[]): Promise<Map<string, Set<string>>> {
    const rows: Array<{ user_id: string; segment_id: string }> = await this.m.query(
      `SELECT user_id, segment_id FROM segments.memberships WHERE workspace_id = $1 AND user_id = ANY($2::text[])`,
      [workspaceId, userIds],
    );
    const out = new Map<string, Set<string>>(userIds.map((u) => [u, new Set<string>()]));
    for (const r of rows) out.get(r.user_id)?.add(r.segment_id);
    return out;
  }

  /**
   * Writes states, sequence numbers, timers, membership rows and the outbox
   * messages of a set of users in one statement (data-modifying CTEs on
   * different tables, so one round trip whatever the batch). The messages are
   * inserted in the order given, which the relay publishes in.
   */
  async writeUsers(workspaceId: string, writes: UserWrite[], now: Date, messages: OutgoingMessage[] = []): Promise<void> {
    if (writes.length === 0 && messages.length === 0) return;
    const entered = writes.flatMap((w) => w.entered.map((s) => [s, w.userId]));
    const exited = writes.flatMap((w) => w.exited.map((s) => [s, w.userId]));
    // States as one JSON document rather than an array per column: no array literal of the states is built and escaped.
    await this.m.query(
      `WITH states AS (
         UPDATE segments.user_states s SET state = u.state, next_changes = u.next, seq = u.seq, updated_at = $9
         FROM (SELECT * FROM jsonb_to_recordset($2::jsonb) AS u(user_id text, state jsonb, next jsonb, seq bigint) LIMIT $14) u
         WHERE s.workspace_id = $1 AND s.user_id = u.user_id
       ), timers AS (
         INSERT INTO segments.timers (workspace_id, user_id, due_at)
         SELECT $1, u, d FROM unnest($3::text[], $4::timestamptz[]) AS t(u, d)
         ON CONFLICT (workspace_id, user_id) DO UPDATE SET due_at = EXCLUDED.due_at
       ), entered AS (
         INSERT INTO segments.memberships (segment_id, workspace_id, user_id, entered_at)
         SELECT s, $1, u, $9 FROM unnest($5::uuid[], $6::text[]) AS e(s, u) ON CONFLICT DO NOTHING
       ), exited AS (
         DELETE FROM segments.memberships m USING unnest($7::uuid[], $8::text[]) AS e(s, u)
         WHERE m.workspace_id = $1 AND m.segment_id = e.s AND m.user_id = e.u
       )
       INSERT INTO segments.outbox (topic, key, value, headers)
       SELECT * FROM unnest($10::text[], $11::text[], $12::bytea[], $13::jsonb[])`,
      [
        workspaceId,
        JSON.stringify(writes.map((w) => ({ user_id: w.userId, state: w.state, next: w.nextChanges, seq: w.seq }))),
        writes.map((w) => w.userId),
        writes.map((w) => (w.dueAt === null ? null : new Date(w.dueAt))),
        entered.map((e) => e[0]),
        entered.map((e) => e[1]),
        exited.map((e) => e[0]),
        exited.map((e) => e[1]),
        now,
        ...outboxColumns(messages),
        // The planner's row count of the states (ARCHITECTURE.md, "Row counts for the planner").
        writes.length,
      ],
    );
  }

  /** Sets a user's re-evaluation timer (due now for a retry, later for a backoff; null: none pending); false when the user has no state. */
  async armTimer(workspaceId: string, userId: string, dueAt: Date | null): Promise<boolean> {
    const rows: unknown[] = await this.m.query(
      `WITH t AS (
         INSERT INTO segments.timers (workspace_id, user_id, due_at)
         SELECT workspace_id, user_id, $3 FROM segments.user_states WHERE workspace_id = $1 AND user_id = $2
         ON CONFLICT (workspace_id, user_id) DO UPDATE SET due_at = excluded.due_at RETURNING 1)
       SELECT * FROM t`,
      [workspaceId, userId, dueAt],
    );
    return rows.length > 0;
  }

  /** The user's stored state, read without a lock (explain); undefined when the user has none. */
  async readState(workspaceId: string, userId: string): Promise<UserState | undefined> {
    const rows: Array<{ state: UserState }> = await this.m.query(`SELECT state FROM segments.user_states WHERE workspace_id = $1 AND user_id = $2`, [
      workspaceId,
      userId,
    ]);
    return rows[0]?.state;
  }

  /** When the user entered each segment they are a member of, by segment id. */
  async enteredAt(workspaceId: string, userId: string): Promise<Map<string, Date>> {
    const rows: Array<{ segment_id: string; entered_at: Date }> = await this.m.query(
      `SELECT segment_id, entered_at FROM segments.memberships WHERE workspace_id = $1 AND user_id = $2`,
      [workspaceId, userId],
    );
    return new Map(rows.map((r) => [r.segment_id, r.entered_at]));
  }

  /** The keys of the segments the user is a member of, in key order. */
  async memberOf(workspaceId: string, userId: string): Promise<string[]> {
    const rows: Array<{ key: string }> = await this.m.query(
      `SELECT s.key FROM segments.memberships ms JOIN segments.segments s ON s.id = ms.segment_id
       WHERE ms.workspace_id = $1 AND ms.user_id = $2 ORDER BY s.key`,
      [workspaceId, userId],
    );
    return rows.map((r) => r.key);
  }

  /** Removes the user: memberships, re-evaluation timer and state. */
  async remove(workspaceId: string, userId: string): Promise<void> {
    await this.m.query(`DELETE FROM segments.memberships WHERE workspace_id = $1 AND user_id = $2`, [workspaceId, userId]);
    await this.m.query(`DELETE FROM segments.timers WHERE workspace_id = $1 AND user_id = $2`, [workspaceId, userId]);
    await this.m.query(`DELETE FROM segments.user_states WHERE workspace_id = $1 AND user_id = $2`, [workspaceId, userId]);
  }

  /**
   * Claims due re-evaluation timers (FOR UPDATE SKIP LOCKED, so replicas share
   * the work), oldest first; with `only`, that user's timer only. Across
   * workspaces: the timer loop serves every workspace, and each claimed timer
   * names its own.
   */
  async claimDueTimers(now: Date, limit: number, only?: { workspaceId: string; userId: string }): Promise<Array<{ workspaceId: string; userId: string }>> {
    const rows: Array<{ workspace_id: string; user_id: string }> = await this.m.query(
      `SELECT workspace_id, user_id FROM segments.timers
       WHERE due_at IS NOT NULL AND due_at <= $1 ${only ? 'AND workspace_id = $3 AND user_id = $4' : ''}
       ORDER BY due_at LIMIT $2 FOR UPDATE SKIP LOCKED`,
      only ? [now, limit, only.workspaceId, only.userId] : [now, limit],
    );
    return rows.map((r) => ({ workspaceId: r.workspace_id, userId: r.user_id }));
  }
}
