import type { Operator, PropertyPredicate, WhereFilter } from './condition.types';

/**
 * Type-aware comparison shared by trait conditions and event property filters.
 *
 * - Numbers compare numerically, strings compare with each other, booleans only
 *   for equality. There is no coercion: the number 30 and the string "30" are
 *   neither equal nor ordered.
 * - Two strings that are both ISO-8601 dates (`2026-01-31`) or instants with a
 *   zone (`2026-01-31T10:00:00Z`, `...+09:00`) compare as points in time, so
 *   `2026-01-31T09:00:00+09:00` equals `2026-01-31T00:00:00Z`. Other strings
 *   compare by code unit, case-sensitively.
 * - Arrays and objects are equal when structurally equal; they are not ordered.
 * - A missing or null value satisfies no ordering operator; `neq` is the exact
 *   complement of `eq`, so a missing trait is `neq` anything.
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

/** Reads an own property only, so `__proto__` and friends never leak in. */
export function ownValue(record: Record<string, unknown> | undefined, name: string): unknown {
  return record !== undefined && Object.hasOwn(record, name) ? record[name] : undefined;
}

export function matchesPredicate(predicate: PropertyPredicate, actual: unknown): boolean {
  return (Object.keys(predicate) as Operator[]).every((op) => applyOperator(op, actual, predicate[op]));
}

/** True when every filtered property satisfies its predicate. */
export function matchesWhere(where: WhereFilter | undefined, properties: Record<string, unknown>): boolean {
  if (where === undefined) return true;
  return Object.keys(where).every((name) => matchesPredicate(where[name], ownValue(properties, name)));
}
