import { isOperator, type Operator, type PropertyPredicate, type WhereFilter } from './condition.types';

/**
 * The one semantics of the operators, shared by trait conditions, event
 * property filters (`where`) in segments, and journeys' entry, exit, goal and
 * `waitUntil` filters. `actual` is the user's trait or the event's property
 * (undefined when absent, see `lookupPath`), `expected` the operand.
 *
 * | operator   | holds when                                                               | missing actual | null actual       |
 * |------------|--------------------------------------------------------------------------|----------------|-------------------|
 * | `eq`       | actual equals expected (`valuesEqual`)                                   | false          | only `eq: null`   |
 * | `neq`      | not `eq`: its exact complement                                           | true           | unless `neq: null`|
 * | `gt` `gte` | actual orders after (or equal to) expected (`compareValues`)             | false          | false             |
 * | `lt` `lte` | actual orders before (or equal to) expected                              | false          | false             |
 * | `in`       | expected is an array and some item equals actual                         | false          | if null is listed |
 * | `contains` | a string actual holds the string expected (case-sensitive substring), or | false          | false             |
 * |            | an array actual has an item equal to expected                            |                |                   |
 * | `exists`   | actual is present and not null; `exists: false` the reverse; no operand  | `false` holds  | `false` holds     |
 * |            | means true                                                               |                |                   |
 *
 * Equality and order (no coercion, ever):
 * - numbers compare numerically (finite ones only); strings compare with
 *   strings, by code unit, case-sensitively; booleans only for equality. The
 *   number 30 and the string "30" are neither equal nor ordered.
 * - two strings that are both ISO-8601 dates (`2026-01-31`) or instants with a
 *   zone (`2026-01-31T10:00:00Z`, `...+09:00`) compare as points in time, so
 *   `2026-01-31T09:00:00+09:00` equals `2026-01-31T00:00:00Z`.
 * - arrays and objects are equal when structurally equal (same length, same
 *   keys, equal items); they are not ordered.
 * - mixed types are never equal and never ordered.
 *
 * Several operators in one predicate (`{ "gte": 100, "lt": 200 }`) must all
 * hold. A `where` value that is not a plain object is a shorthand for `eq`.
 */

const ISO_DATE_RE = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2}))?$/;

function asInstant(value: string): number | undefined {
  if (!ISO_DATE_RE.test(value)) return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}

/** Negative, zero or positive when ordered; undefined when the types do not order. */
export function compareValues(a: unknown, b: unknown): number | undefined {
  if (typeof a === 'number' && typeof b === 'number') {
    return Number.isFinite(a) && Number.isFinite(b) ? a - b : undefined;
  }
  if (typeof a === 'string' && typeof b === 'string') {
    const ta = asInstant(a);
    const tb = asInstant(b);
    if (ta !== undefined && tb !== undefined) return ta - tb;
    return a < b ? -1 : a > b ? 1 : 0;
  }
  return undefined;
}

export function valuesEqual(a: unknown, b: unknown): boolean {
  const ordered = compareValues(a, b);
  if (ordered !== undefined) return ordered === 0;
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((item, i) => valuesEqual(item, b[i]));
  }
  if (isPlainObject(a) && isPlainObject(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((k) => Object.hasOwn(b, k) && valuesEqual(a[k], b[k]));
  }
  return false;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function contains(actual: unknown, expected: unknown): boolean {
  if (typeof actual === 'string') return typeof expected === 'string' && actual.includes(expected);
  if (Array.isArray(actual)) return actual.some((item) => valuesEqual(item, expected));
  return false;
}

function ordered(actual: unknown, expected: unknown, test: (diff: number) => boolean): boolean {
  const diff = compareValues(actual, expected);
  return diff !== undefined && test(diff);
}

/** Applies one operator; `actual` is undefined when the trait or property is absent. */
export function applyOperator(op: Operator, actual: unknown, expected: unknown): boolean {
  switch (op) {
    case 'eq':
      return actual !== undefined && valuesEqual(actual, expected);
    case 'neq':
      return !applyOperator('eq', actual, expected);
    case 'gt':
      return ordered(actual, expected, (d) => d > 0);
    case 'gte':
      return ordered(actual, expected, (d) => d >= 0);
    case 'lt':
      return ordered(actual, expected, (d) => d < 0);
    case 'lte':
      return ordered(actual, expected, (d) => d <= 0);
    case 'in':
      return actual !== undefined && Array.isArray(expected) && expected.some((e) => valuesEqual(actual, e));
    case 'contains':
      return contains(actual, expected);
    case 'exists':
      return (actual !== undefined && actual !== null) === (expected ?? true);
  }
}

/**
 * Looks a trait or property name up: the own property of that name when there
 * is one (a key containing dots is found whole first), else the dotted path
 * through own properties of nested objects and arrays (`cart.id`,
 * `products.0.sku`). Never the prototype chain, so `constructor` and friends
 * are absent.
 */
export function lookupPath(source: unknown, path: string): unknown {
  if (isPlainObject(source) && Object.hasOwn(source, path)) return source[path];
  let current: unknown = source;
  for (const segment of path.split('.')) {
    if (typeof current !== 'object' || current === null) return undefined;
    if (!Object.hasOwn(current, segment)) return undefined;
    current = (current as Record<string, unknown>)[segment];
  }
  return current;
}

/** True when every operator of the predicate holds; an unknown operator never does. */
export function matchesPredicate(predicate: PropertyPredicate, actual: unknown): boolean {
  return Object.keys(predicate).every((op) => isOperator(op) && applyOperator(op, actual, predicate[op]));
}

/**
 * True when every filtered property satisfies its predicate; an absent
 * `where` matches. Takes the normalised filter or one as written, where a
 * value that is not a plain object is the shorthand for `{ "eq": value }`.
 */
export function matchesWhere(where: WhereFilter | Readonly<Record<string, unknown>> | undefined, properties: unknown): boolean {
  if (where === undefined) return true;
  return Object.keys(where).every((name) => {
    const predicate = where[name];
    const normalised = isPlainObject(predicate) ? (predicate as PropertyPredicate) : { eq: predicate };
    return matchesPredicate(normalised, lookupPath(properties, name));
  });
}
