import { membershipKey, TOPICS, type MembershipCause, type MembershipChange } from '@cairn/contracts';
import { EntityManager } from 'typeorm';
import type { UserState } from '@cairn/segments-domain';
import { evaluateUser, type IndexedSegment, type SegmentIndex } from './segment-index';
import { segmentEvaluations, segmentTransitions, type EvaluationCause } from './segment-metrics';
import { UserStateRepository, type LockedUser, type UserWrite } from './user-state.repository';

/** One locked user to re-evaluate, with the state to store and the segments to evaluate. */
export interface Reevaluation {
  user: LockedUser;
  state: UserState;
  segments: readonly IndexedSegment[];
  /** True when `segments` is every segment of the workspace: the next-change map is rebuilt, not merged. */
  complete: boolean;
  causeMessageId?: string;
}

export interface ReevaluationScope {
  workspaceId: string;
  index: SegmentIndex;
  now: Date;
  cause: EvaluationCause;
}

/**
 * Evaluates the given segments for locked users, writes states, memberships
 * and timers, and adds one membership message per change to the outbox, with
 * the user's next sequence number, all in one statement (see UserStateRepository.writeUsers). Runs
 * inside the caller's transaction, which holds the users' row locks: a change
 * is decided and published exactly once.
 * Returns the number of changes.
 */
export async function reevaluateAndRecord(m: EntityManager, scope: ReevaluationScope, items: Reevaluation[]): Promise<number> {
  if (items.length === 0) return 0;
  const { workspaceId, index, now, cause } = scope;
  const users = new UserStateRepository(m);
  const memberships = await users.loadMemberships(
    workspaceId,
    items.map((i) => i.user.userId),
  );
  const writes: UserWrite[] = [];
  const messages: MembershipChange[] = [];
  for (const item of items) {
    const result = evaluateUser(item.segments, index, item.state, memberships.get(item.user.userId) ?? new Set(), now.getTime());
    segmentEvaluations.inc({ cause }, item.segments.length);
    const nextChanges = mergeNextChanges(item, result.nextChanges, index);
    let seq = item.user.seq;
    for (const c of result.changes) {
      seq++;
      messages.push(membershipMessage(workspaceId, item, c.segment.key, c.change, seq, now, cause));
      segmentTransitions.inc({ change: c.change, cause });
    }
    writes.push({
      userId: item.user.userId,
      state: item.state,
      nextChanges,
      seq,
      dueAt: earliestOf(nextChanges),
      entered: result.changes.filter((c) => c.change === 'entered').map((c) => c.segment.id),
      exited: result.changes.filter((c) => c.change === 'exited').map((c) => c.segment.id),
    });
  }
  const outbox = messages.map((msg) => ({ topic: TOPICS.segmentMembership, key: membershipKey(msg), value: JSON.stringify(msg) }));
  await users.writeUsers(workspaceId, writes, now, outbox);
  return messages.length;
}

function mergeNextChanges(item: Reevaluation, fresh: Record<string, number | null>, index: SegmentIndex): Record<string, number> {
  const merged: Record<string, number> = {};
  if (!item.complete) {
    for (const [id, at] of Object.entries(item.user.nextChanges)) if (index.has(id)) merged[id] = at;
  }
  for (const [id, at] of Object.entries(fresh)) {
    if (at === null) delete merged[id];
    else merged[id] = at;
  }
  return merged;
}

function earliestOf(nextChanges: Record<string, number>): number | null {
  const values = Object.values(nextChanges);
  return values.length === 0 ? null : Math.min(...values);
}

function membershipMessage(
  workspaceId: string,
  item: Reevaluation,
  segmentKey: string,
  change: 'entered' | 'exited',
  seq: number,
  now: Date,
  cause: MembershipCause,
): MembershipChange {
  const message: MembershipChange = {
    v: 1,
    workspaceId,
    userId: item.user.userId,
    segmentKey,
    change,
    seq,
    at: now.toISOString(),
    cause,
    traits: item.state.traits,
  };
  if (item.causeMessageId && cause === 'event') message.causeMessageId = item.causeMessageId;
  return message;
}
