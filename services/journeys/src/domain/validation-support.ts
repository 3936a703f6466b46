/**
 * Building blocks for journey validation: a problem collector and checks for
 * the small shapes (names, durations, where filters, conditions) that several
 * parts of a definition share. Each check records problems with a field path
 * and returns the normalised value, or undefined when it is unusable.
 */
import { durationProblem } from '@cairn/core';
import type { FieldProblem } from '@cairn/core';
import type { Where } from './journey.types';
import { WHERE_OPERATORS } from './journey.types';
import { isRecord, isTemplateRef } from './matching';

export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);
const NAME_MAX = 200;

export class Problems {
  readonly list: FieldProblem[] = [];

  add(path: string, message: string): void {
    this.list.push({ path, message });
  }
}

export function join(path: string, key: string | number): string {
  return path ? `${path}.${key}` : String(key);
}

/** Reports keys that are not allowed at `path`; returns false when the value is not an object. */
export function checkObject(value: unknown, path: string, allowed: readonly string[], p: Problems): value is Record<string, unknown> {
  if (!isRecord(value)) {
    p.add(path, 'must be an object');
    return false;
  }
  for (const key of Object.keys(value)) {
    if (FORBIDDEN_KEYS.has(key)) continue; // reported once by scanForbiddenKeys
    if (!allowed.includes(key)) p.add(join(path, key), `unknown field (allowed: ${allowed.join(', ')})`);
  }
  return true;
}

/** Reports every `__proto__`, `constructor` or `prototype` key anywhere in the body. */
export function scanForbiddenKeys(value: unknown, path: string, p: Problems, depth = 0): void {
  if (depth > 32 || typeof value !== 'object' || value === null) return;
  for (const key of Object.keys(value)) {
    const childPath = join(path, key);
    if (FORBIDDEN_KEYS.has(key)) p.add(childPath, 'forbidden key');
    else scanForbiddenKeys((value as Record<string, unknown>)[key], childPath, p, depth + 1);
  }
}

export function requireName(value: unknown, path: string, p: Problems): string | undefined {
  if (typeof value !== 'string' || value.trim() === '') {
    p.add(path, 'must be a non-empty string');
    return undefined;
  }
  if (value.length > NAME_MAX) {
    p.add(path, `must be at most ${NAME_MAX} characters`);
    return undefined;
  }
  return value;
}

/** A positive duration such as `30s`, `1h`, `7d`, of at most 2 years (MAX_DURATION_MS). */
export function requireDuration(value: unknown, path: string, p: Problems): string | undefined {
  const problem = durationProblem(value);
  if (problem) {
    p.add(path, problem);
    return undefined;
  }
  return value as string;
}

export function optionalDuration(value: unknown, path: string, p: Problems): string | undefined {
  return value === undefined ? undefined : requireDuration(value, path, p);
}

/**
 * A `where` filter: property → scalar (equality) or operator object. With
 * `allowRefs`, string values may be `{{ entry.… }}` / `{{ user.… }}` references.
 */
export function optionalWhere(value: unknown, path: string, p: Problems, allowRefs = false): Where | undefined {
  if (value === undefined) return undefined;
  if (!isRecord(value)) {
    p.add(path, 'must be an object of property → value or operator object');
    return undefined;
  }
  const result: Where = {};
  for (const [property, expected] of Object.entries(value)) {
    if (FORBIDDEN_KEYS.has(property)) continue;
    const at = join(path, property);
    if (property === '') p.add(at, 'property name must not be empty');
    else if (isRecord(expected)) checkOperators(expected, at, p, allowRefs);
    else if (!isScalarValue(expected)) p.add(at, 'must be a string, number, boolean, null or an operator object');
    else checkRef(expected, at, p, allowRefs);
    result[property] = expected as Where[string];
  }
  return result;
}

function checkOperators(ops: Record<string, unknown>, path: string, p: Problems, allowRefs: boolean): void {
  const keys = Object.keys(ops);
  if (keys.length === 0) p.add(path, `operator object must use at least one of ${WHERE_OPERATORS.join(', ')}`);
  for (const [op, operand] of Object.entries(ops)) {
    const at = join(path, op);
    if (!(WHERE_OPERATORS as readonly string[]).includes(op)) {
      if (!FORBIDDEN_KEYS.has(op)) p.add(at, `unknown operator (use ${WHERE_OPERATORS.join(', ')})`);
    } else if (op === 'in') {
      if (!Array.isArray(operand) || !operand.every(isScalarValue)) p.add(at, 'must be an array of values');
    } else if (op === 'exists') {
      if (typeof operand !== 'boolean') p.add(at, 'must be true or false');
    } else if (['gt', 'gte', 'lt', 'lte'].includes(op)) {
      if (typeof operand !== 'number' && typeof operand !== 'string') p.add(at, 'must be a number or a string');
      else checkRef(operand, at, p, allowRefs);
    } else if (!isScalarValue(operand)) {
      p.add(at, 'must be a string, number, boolean or null');
    } else {
      checkRef(operand, at, p, allowRefs);
    }
  }
}

const REF_ROOTS = ['entry', 'user', 'journey'];

function checkRef(value: unknown, path: string, p: Problems, allowRefs: boolean): void {
  if (typeof value !== 'string' || !value.includes('{{')) return;
  if (!allowRefs) {
    p.add(path, 'references such as {{ entry.properties.x }} are not allowed here');
  } else if (!isTemplateRef(value) || !REF_ROOTS.includes(value.replace(/^\{\{\s*/, '').split('.')[0])) {
    p.add(path, 'must be a plain value or a single reference such as {{ entry.properties.cartId }}');
  }
}

function isScalarValue(value: unknown): boolean {
  return value === null || typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value));
}

export function isPlainKey(value: unknown): value is string {
  return typeof value === 'string' && /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/.test(value);
}
