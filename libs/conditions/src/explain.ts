import {
  isAll,
  isAny,
  isEventCount,
  isNot,
  isRecency,
  isSegmentRef,
  isTrait,
  type Condition,
  type EventCondition,
  type RecencyCondition,
  type SegmentCondition,
  type TraitCondition,
} from './condition.types';
import { earliest, evaluateTrait, type EvaluationContext } from './evaluate';
import { evaluateEventCount } from './event-count';
import { lookupPath } from './operators';
import { evaluateRecency } from './recency';
import type { UserState } from './user-state';

/**
 * Why a user is or is not in a segment: a tree mirroring the condition, with
 * the answer of every node and the figures it was decided on. Instants are
 * epoch ms. Served by `GET /v1/users/:userId/segments?explain=true`.
 */
export type Explanation =
  | { type: 'all' | 'any'; value: boolean; nextChangeAt: number | null; children: Explanation[] }
  | { type: 'not'; value: boolean; nextChangeAt: number | null; child: Explanation }
  | {
      type: 'trait';
      value: boolean;
      condition: TraitCondition;
      /** The trait's current value; absent when the user has no such trait. */
      actual?: unknown;
    }
  | {
      type: 'event';
      value: boolean;
      condition: EventCondition;
      countInWindow: number;
      /** Exclusive window start (`now - within`); null when the window is "ever". */
      windowStart: number | null;
      lastOccurredAt: number | null;
      nextChangeAt: number | null;
    }
  | {
      type: 'recency';
      value: boolean;
      condition: RecencyCondition;
      lastOccurredAt: number | null;
      nextChangeAt: number | null;
    }
  | { type: 'segment'; value: boolean; condition: SegmentCondition };

export function explain(condition: Condition, state: UserState, now: number, ctx: EvaluationContext): Explanation {
  if (isAll(condition)) return explainGroup('all', condition.all, state, now, ctx);
  if (isAny(condition)) return explainGroup('any', condition.any, state, now, ctx);
  if (isNot(condition)) {
    const child = explain(condition.not, state, now, ctx);
    return { type: 'not', value: !child.value, nextChangeAt: nextChangeOf(child), child };
  }
  if (isTrait(condition)) return explainTrait(condition, state);
  if (isSegmentRef(condition)) return { type: 'segment', value: ctx.isMember(condition.segment), condition };
  if (isRecency(condition)) {
    const r = evaluateRecency(condition, state, now);
    return { type: 'recency', value: r.value, condition, lastOccurredAt: r.lastOccurredAt, nextChangeAt: r.nextChangeAt };
  }
  if (isEventCount(condition)) {
    const r = evaluateEventCount(condition, state, now);
    return {
      type: 'event',
      value: r.value,
      condition,
      countInWindow: r.count,
      windowStart: r.windowStart,
      lastOccurredAt: r.lastOccurredAt,
      nextChangeAt: r.nextChangeAt,
    };
  }
  throw new TypeError('not a normalised condition; validate it with validateCondition first');
}

function explainTrait(condition: TraitCondition, state: UserState): Explanation {
  const node: Explanation = { type: 'trait', value: evaluateTrait(condition, state), condition };
  const actual = lookupPath(state.traits, condition.trait);
  if (actual !== undefined) node.actual = actual;
  return node;
}

function explainGroup(type: 'all' | 'any', conditions: Condition[], state: UserState, now: number, ctx: EvaluationContext): Explanation {
  const children = conditions.map((c) => explain(c, state, now, ctx));
  const value = type === 'all' ? children.every((c) => c.value) : children.some((c) => c.value);
  const nextChangeAt = children.reduce<number | null>((acc, c) => earliest(acc, nextChangeOf(c)), null);
  return { type, value, nextChangeAt, children };
}

function nextChangeOf(node: Explanation): number | null {
  return 'nextChangeAt' in node ? node.nextChangeAt : null;
}
