/**
 * Property filters (`where`) shared by entries, exit criteria, goals and
 * `waitUntil`, and plain references into the run context
 * (`{{ entry.properties.cartId }}`: a dotted-path lookup, no Liquid).
 */
import type { Scalar, Where, WhereOperators } from './journey.types';
import { WHERE_OPERATORS } from './journey.types';

const REF_RE = /^\{\{\s*([A-Za-z_]\w*(?:\.[A-Za-z0-9_-]+)*)\s*\}\}$/;
const OPERATOR_SET: ReadonlySet<string> = new Set(WHERE_OPERATORS);

export function isTemplateRef(value: unknown): value is string {
  return typeof value === 'string' && REF_RE.test(value);
}

/** The dotted path of a reference (`entry.properties.cartId`), or undefined. */
export function templateRefPath(value: string): string | undefined {
  return REF_RE.exec(value)?.[1];
}

/**
 * Looks a dotted path up through own properties only (never the prototype
 * chain). A key containing dots is found when it exists as a whole first.
 */
export function lookupPath(source: unknown, path: string): unknown {
  if (isRecord(source) && Object.prototype.hasOwnProperty.call(source, path)) return source[path];
  let current: unknown = source;
  for (const segment of path.split('.')) {
    if (!isRecord(current) && !Array.isArray(current)) return undefined;
    if (!Object.prototype.hasOwnProperty.call(current, segment)) return undefined;
    current = (current as Record<string, unknown>)[segment];
  }
  return current;
}

/**
 * Resolves `{{ a.b.c }}` against the context; any other value is returned as
 * is. An unknown path resolves to undefined.
 */
export function resolveTemplateRef(value: unknown, context: unknown): unknown {
  if (typeof value !== 'string') return value;
  const path = templateRefPath(value);
  return path === undefined ? value : lookupPath(context, path);
}

export interface ResolvedMatch {
  match: Where;
  /** Properties whose reference did not resolve: such a match never succeeds. */
  unresolved: string[];
}

/** Resolves every reference in a `waitUntil` match (top level and operator operands). */
export function resolveMatch(match: Where | undefined, context: unknown): ResolvedMatch {
  const resolved: Where = {};
  const unresolved: string[] = [];
  for (const [property, expected] of Object.entries(match ?? {})) {
    if (isOperatorObject(expected)) {
      const ops: Record<string, unknown> = {};
      for (const [op, operand] of Object.entries(expected)) {
        const value = resolveTemplateRef(operand, context);
        if (value === undefined) unresolved.push(property);
        ops[op] = value;
      }
      resolved[property] = ops as WhereOperators;
    } else {
      const value = resolveTemplateRef(expected, context);
      if (value === undefined || !isScalar(value)) unresolved.push(property);
      else resolved[property] = value;
    }
  }
  return { match: resolved, unresolved: [...new Set(unresolved)] };
}

/** Whether every condition of `where` holds for `properties`. An absent `where` matches. */
export function matchesWhere(where: Where | undefined, properties: Record<string, unknown> | undefined): boolean {
  if (!where) return true;
  const props = properties ?? {};
  return Object.entries(where).every(([property, expected]) => {
    const actual = lookupPath(props, property);
    if (isOperatorObject(expected)) {
      return Object.entries(expected).every(([op, operand]) => applyOperator(op, actual, operand));
    }
    return scalarEquals(actual, expected);
  });
}

export function isOperatorObject(value: unknown): value is WhereOperators {
  return isRecord(value) && Object.keys(value).length > 0 && Object.keys(value).every((k) => OPERATOR_SET.has(k));
}

function applyOperator(op: string, actual: unknown, operand: unknown): boolean {
  switch (op) {
    case 'eq':
      return scalarEquals(actual, operand);
    case 'neq':
      return !scalarEquals(actual, operand);
    case 'gt':
      return compare(actual, operand, (c) => c > 0);
    case 'gte':
      return compare(actual, operand, (c) => c >= 0);
    case 'lt':
      return compare(actual, operand, (c) => c < 0);
    case 'lte':
      return compare(actual, operand, (c) => c <= 0);
    case 'in':
      return Array.isArray(operand) && operand.some((candidate) => scalarEquals(actual, candidate));
    case 'contains':
      return contains(actual, operand);
    case 'exists':
      return (actual !== undefined && actual !== null) === (operand === true);
    default:
      return false;
  }
}

/** Strict equality of scalars; numbers and strings are never coerced into each other. */
function scalarEquals(actual: unknown, expected: unknown): boolean {
  if (actual === undefined) return false;
  return actual === expected;
}

/** Ordering holds only between two finite numbers or two strings (ISO dates order as strings). */
function compare(actual: unknown, operand: unknown, test: (c: number) => boolean): boolean {
  if (typeof actual === 'number' && typeof operand === 'number') {
    return Number.isFinite(actual) && Number.isFinite(operand) && test(actual - operand);
  }
  if (typeof actual === 'string' && typeof operand === 'string') {
    return test(actual < operand ? -1 : actual > operand ? 1 : 0);
  }
  return false;
}

function contains(actual: unknown, operand: unknown): boolean {
  if (typeof actual === 'string' && typeof operand === 'string') return actual.includes(operand);
  if (Array.isArray(actual)) return actual.some((item) => scalarEquals(item, operand));
  return false;
}

function isScalar(value: unknown): value is Scalar {
  return value === null || ['string', 'number', 'boolean'].includes(typeof value);
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
