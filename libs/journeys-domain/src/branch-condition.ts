import { evaluate, isAll, isAny, isEventCount, isNot, isRecency, type Condition, type UserState } from '@cairn/conditions';
import type { BranchCondition } from './journey.types';

/** What journeys keeps about a user for its branches: traits and the segments it is a member of. */
export interface BranchFacts {
  traits: Record<string, unknown>;
  segments: readonly string[];
}

/**
 * Decides a branch for one user at `now` with the evaluator of
 * `@cairn/conditions`, on what journeys keeps about the user: its traits
 * (identify events and membership changes) as the user state, its segment
 * memberships (the membership topic) for `{ segment }`.
 *
 * Branches refuse event and recency conditions (journeys keeps no event
 * history), but a version published before they did may hold one. It keeps
 * the behaviour it had: such a leaf counts as unknown, and the branch takes
 * `then` only when the rest of the condition decides whatever the leaf would
 * say (`any` with a true member, `all` with a false one); otherwise `else`.
 * Each such version is logged once at start (`HistoryBranchAudit` in the journeys service).
 */
export function decideBranch(condition: BranchCondition, user: BranchFacts, now: number): boolean {
  const state: UserState = { traits: user.traits, events: [], totals: {} };
  const isMember = (key: string) => user.segments.includes(key);
  // Validated by @cairn/conditions when the version was saved, and stored as written.
  const written = condition as unknown as Condition;
  return evaluate(againstHistory(written), state, now, { isMember }).value;
}

const TRUE: Condition = { all: [] };
const FALSE: Condition = { any: [] };

/**
 * Replaces every event and recency leaf with the constant that works against
 * `then`: false, or true under an odd number of `not`. The condition then
 * holds exactly when it holds whatever those leaves say (each is its own
 * unknown), which is three-valued logic's "true".
 */
function againstHistory(condition: Condition, negated = false): Condition {
  if (isAll(condition)) return { all: condition.all.map((c) => againstHistory(c, negated)) };
  if (isAny(condition)) return { any: condition.any.map((c) => againstHistory(c, negated)) };
  if (isNot(condition)) return { not: againstHistory(condition.not, !negated) };
  if (isEventCount(condition) || isRecency(condition)) return negated ? TRUE : FALSE;
  return condition;
}
