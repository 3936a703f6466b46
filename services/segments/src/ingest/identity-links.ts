import { TOPICS, type BehaviourEvent, type MembershipChange } from '@cairn/contracts';
import { addToOutbox } from '@cairn/kafka';
import { EntityManager } from 'typeorm';
import { applyTraits } from '../domain';
import { mergeStates } from '../evaluation/merge-states';
import { reevaluateAndRecord } from '../evaluation/reevaluate';
import { SegmentCatalog } from '../evaluation/segment-catalog';
import { lockUsers, type LockedUser } from '../evaluation/user-state.store';

export interface IdentityLink {
  anonymousId: string;
  userId: string;
  /** The linking identify's traits, so the changes the merge publishes already carry them. */
  traits?: Record<string, unknown>;
}

/** The identity links a batch carries: `alias` (previousId → userId) and any event with both ids. */
export function linksIn(events: readonly BehaviourEvent[]): IdentityLink[] {
  const links = new Map<string, IdentityLink>();
  for (const e of events) {
    const from = e.type === 'alias' ? e.previousId : e.anonymousId;
    if (!e.userId || !from || from === e.userId || links.has(from)) continue;
    links.set(from, { anonymousId: from, userId: e.userId, ...(e.type === 'identify' && e.traits && { traits: e.traits }) });
  }
  return [...links.values()];
}

/** The user ids linked to these anonymous ids. */
export async function resolveLinks(m: EntityManager, workspaceId: string, anonymousIds: string[]): Promise<Map<string, string>> {
  if (anonymousIds.length === 0) return new Map();
  const rows: Array<{ anonymous_id: string; user_id: string }> = await m.query(
    `SELECT anonymous_id, user_id FROM segments.identity_links WHERE workspace_id = $1 AND anonymous_id = ANY($2::text[])`,
    [workspaceId, [...new Set(anonymousIds)]],
  );
  return new Map(rows.map((r) => [r.anonymous_id, r.user_id]));
}

/**
 * Stores new identity links and merges each anonymous identity into its user:
 * the anonymous history and traits join the user's state, the user is
 * re-evaluated on every segment, and the anonymous identity leaves its
 * segments and is removed (changes published with cause `identity`). An
 * anonymous id links to one user only: the first link wins.
 */
export async function linkIdentities(m: EntityManager, workspaceId: string, links: IdentityLink[], catalog: SegmentCatalog, now: Date): Promise<number> {
  if (links.length === 0) return 0;
  const fresh: Array<{ anonymous_id: string; user_id: string }> = await m.query(
    `INSERT INTO segments.identity_links (workspace_id, anonymous_id, user_id, linked_at)
     SELECT $1, a, u, $4 FROM unnest($2::text[], $3::text[]) AS l(a, u)
     ON CONFLICT DO NOTHING RETURNING anonymous_id, user_id`,
    [workspaceId, links.map((l) => l.anonymousId), links.map((l) => l.userId), now],
  );
  if (fresh.length === 0) return 0;
  const locked = await lockUsers(m, workspaceId, fresh.flatMap((l) => [l.anonymous_id, l.user_id]), now);
  const index = await catalog.indexFor(m, workspaceId);
  const merged = new Map<string, LockedUser>();
  let changes = 0;
  for (const link of fresh) {
    const user = merged.get(link.user_id) ?? locked.get(link.user_id)!;
    const anonymous = locked.get(link.anonymous_id)!;
    const traits = links.find((l) => l.anonymousId === link.anonymous_id)?.traits ?? {};
    merged.set(link.user_id, { ...user, state: applyTraits(mergeStates(user.state, anonymous.state), traits) });
    changes += await retire(m, workspaceId, anonymous, now);
  }
  const items = [...merged.values()].map((user) => ({ user, state: user.state, segments: index.ordered, complete: true }));
  return changes + (await reevaluateAndRecord(m, { workspaceId, index, now, cause: 'identity' }, items));
}

/** The anonymous identity leaves every segment it was in, and its state, timer and memberships are removed. */
async function retire(m: EntityManager, workspaceId: string, anonymous: LockedUser, now: Date): Promise<number> {
  const rows: Array<{ key: string }> = await m.query(
    `SELECT s.key FROM segments.memberships ms JOIN segments.segments s ON s.id = ms.segment_id
     WHERE ms.workspace_id = $1 AND ms.user_id = $2 ORDER BY s.key`,
    [workspaceId, anonymous.userId],
  );
  await m.query(`DELETE FROM segments.memberships WHERE workspace_id = $1 AND user_id = $2`, [workspaceId, anonymous.userId]);
  const messages = rows.map((r, i): MembershipChange => ({
    v: 1,
    workspaceId,
    userId: anonymous.userId,
    segmentKey: r.key,
    change: 'exited',
    seq: anonymous.seq + i + 1,
    at: now.toISOString(),
    cause: 'identity',
  }));
  await addToOutbox(m, 'segments', messages.map((msg) => ({ topic: TOPICS.segmentMembership, key: `${workspaceId}:${msg.userId}`, value: JSON.stringify(msg) })));
  await m.query(`DELETE FROM segments.timers WHERE workspace_id = $1 AND user_id = $2`, [workspaceId, anonymous.userId]);
  await m.query(`DELETE FROM segments.user_states WHERE workspace_id = $1 AND user_id = $2`, [workspaceId, anonymous.userId]);
  return messages.length;
}
