import { isAll, isAny, isEventCount, isNot, isRecency, isSegmentRef, isTrait, type Condition, type TraitCondition } from './condition.types';
import { evaluateEventCount } from './event-count';
import { applyOperator, lookupPath } from './operators';
import { evaluateRecency } from './recency';
import type { UserState } from './user-state';

/** What the evaluator needs from outside the user's own state. */
export interface EvaluationContext {
  /** Current membership of another segment, for `{ segment: key }`. */
  isMember(segmentKey: string): boolean;
}

export interface Evaluation {
  value: boolean;
  /**
   * The earliest instant after `now` at which the answer could change with no
   * new event or trait update (an occurrence leaving a window, a future-stamped
   * occurrence starting to count, a recency threshold passing), or null.
   * Leaves are exact; `all`/`any` take the minimum of their children, which may
   * be early (re-evaluating then is harmless) but never late.
   * Trait and segment-reference leaves never produce one: a trait changes only
   * through an update, and a referenced segment's own timer re-evaluates it.
   */
  nextChangeAt: number | null;
}

/**
 * Evaluates a normalised condition for one user at instant `now` (epoch ms).
 * Pure: same inputs, same answer. See event-count.ts and recency.ts for the
 * window edges, operators.ts for trait comparisons.
 */
export function evaluate(condition: Condition, state: UserState, now: number, ctx: EvaluationContext): Evaluation {
  const result = evaluateNode(condition, state, now, ctx);
  // An occurrence stamped near the end of time can put a change past what a Date holds: no timer for that.
  return result.nextChangeAt !== null && result.nextChangeAt > LATEST_INSTANT ? { value: result.value, nextChangeAt: null } : result;
}

/** The last instant a Date (and so a timer) can hold. */
export const LATEST_INSTANT = 8.64e15;

function evaluateNode(condition: Condition, state: UserState, now: number, ctx: EvaluationContext): Evaluation {
  if (isAll(condition)) return combine(condition.all, state, now, ctx, true);
  if (isAny(condition)) return combine(condition.any, state, now, ctx, false);
  if (isNot(condition)) {
    const inner = evaluateNode(condition.not, state, now, ctx);
    return { value: !inner.value, nextChangeAt: inner.nextChangeAt };
  }
  if (isTrait(condition)) return { value: evaluateTrait(condition, state), nextChangeAt: null };
  if (isSegmentRef(condition)) return { value: ctx.isMember(condition.segment), nextChangeAt: null };
  if (isRecency(condition)) {
    const { value, nextChangeAt } = evaluateRecency(condition, state, now);
    return { value, nextChangeAt };
  }
  if (isEventCount(condition)) {
    const { value, nextChangeAt } = evaluateEventCount(condition, state, now);
    return { value, nextChangeAt };
  }
  throw new TypeError('not a normalised condition; validate it with validateCondition first');
}

export function evaluateTrait(condition: TraitCondition, state: UserState): boolean {
  return applyOperator(condition.op, lookupPath(state.traits, condition.trait), condition.value);
}

/** `all` when `every` is true, `any` otherwise. Every child is evaluated so no timer is missed. */
function combine(children: Condition[], state: UserState, now: number, ctx: EvaluationContext, every: boolean): Evaluation {
  let value = every;
  let nextChangeAt: number | null = null;
  for (const child of children) {
    const result = evaluateNode(child, state, now, ctx);
    value = every ? value && result.value : value || result.value;
    nextChangeAt = earliest(nextChangeAt, result.nextChangeAt);
  }
  return { value, nextChangeAt };
}

export function earliest(a: number | null, b: number | null): number | null {
  if (a === null) return b;
  if (b === null) return a;
  return Math.min(a, b);
}
