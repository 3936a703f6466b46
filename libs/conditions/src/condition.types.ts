import type { Duration } from '@cairn/core';

/**
 * The condition language of segments and journeys' branches, in its
 * normalised form: what `validateCondition` returns and what the evaluator
 * reads. Durations stay strings (`7d`) so a definition round-trips through
 * the API unchanged.
 */

/** Operators shared by trait conditions and event property filters. */
export const OPERATORS = ['eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'in', 'contains', 'exists'] as const;
export type Operator = (typeof OPERATORS)[number];

export function isOperator(value: unknown): value is Operator {
  return typeof value === 'string' && (OPERATORS as readonly string[]).includes(value);
}

/**
 * A property filter in normalised form: one or more operators, all of which
 * must hold. The shorthand `{ "productId": "P-100" }` normalises to
 * `{ "productId": { "eq": "P-100" } }`.
 */
export type PropertyPredicate = Partial<Record<Operator, unknown>>;
export type WhereFilter = Record<string, PropertyPredicate>;

export interface AllCondition {
  all: Condition[];
}

export interface AnyCondition {
  any: Condition[];
}

export interface NotCondition {
  not: Condition;
}

/**
 * `{ trait, op, value }`. For `exists`, `value` is optional and boolean
 * (`false` asks for "absent or null"); `in` takes an array.
 */
export interface TraitCondition {
  trait: string;
  op: Operator;
  value?: unknown;
}

/** Inclusive count bounds. A missing `min` is 0, a missing `max` unbounded. */
export interface CountBounds {
  min?: number;
  max?: number;
}

/**
 * "Did `event` (matching `where`) between `count.min` and `count.max` times
 * `within` the window (or ever, when `within` is absent)". Without `count`
 * it means "at least once".
 */
export interface EventCondition {
  event: string;
  where?: WhereFilter;
  count?: CountBounds;
  within?: Duration;
}

/**
 * Recency: "has done `event` and the last time is older than / newer than".
 * Never true for a user who has not done it.
 */
export interface RecencyBounds {
  olderThan?: Duration;
  newerThan?: Duration;
}

export interface RecencyCondition {
  event: string;
  where?: WhereFilter;
  lastAt: RecencyBounds;
}

/** Membership of another segment, as the caller's context knows it. */
export interface SegmentCondition {
  segment: string;
}

export type Condition = AllCondition | AnyCondition | NotCondition | TraitCondition | EventCondition | RecencyCondition | SegmentCondition;

export function isAll(c: Condition): c is AllCondition {
  return 'all' in c;
}
export function isAny(c: Condition): c is AnyCondition {
  return 'any' in c;
}
export function isNot(c: Condition): c is NotCondition {
  return 'not' in c;
}
export function isTrait(c: Condition): c is TraitCondition {
  return 'trait' in c;
}
export function isRecency(c: Condition): c is RecencyCondition {
  return 'event' in c && 'lastAt' in c;
}
export function isEventCount(c: Condition): c is EventCondition {
  return 'event' in c && !('lastAt' in c);
}
export function isSegmentRef(c: Condition): c is SegmentCondition {
  return 'segment' in c;
}
