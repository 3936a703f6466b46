/**
 * Building blocks for journey validation: a problem collector and checks for
 * the small shapes (names, durations, where filters, conditions) that several
 * parts of a definition share. Each check records problems with a field path
 * and returns the normalised value, or undefined when it is unusable.
 */
import { validateWhere } from '@cairn/conditions';
import { durationProblem } from '@cairn/core';
import type { FieldProblem } from '@cairn/core';
import type { Where } from './journey.types';
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
 * A `where` filter: property → value (equality) or operator object, checked
 * with the operand rules of `@cairn/conditions` and kept as written. With
 * `allowRefs`, string operands may be `{{ entry.… }}` / `{{ user.… }}` /
 * `{{ journey.… }}` references (resolved before matching); without it they
 * are refused.
 */
export function optionalWhere(value: unknown, path: string, p: Problems, allowRefs = false): Where | undefined {
  if (value === undefined) return undefined;
  validateWhere(value, path, p.list, { reference: allowRefs ? referenceProblem : refusedReference });
  if (!isRecord(value)) return undefined;
  const result: Where = {};
  for (const [property, expected] of Object.entries(value)) {
    if (!FORBIDDEN_KEYS.has(property)) result[property] = expected as Where[string];
  }
  return result;
}

const REF_ROOTS = ['entry', 'user', 'journey'];

function referenceProblem(text: string): string | undefined {
  const root = text.replace(/^\{\{\s*/, '').split('.')[0];
  if (isTemplateRef(text) && REF_ROOTS.includes(root)) return undefined;
  return 'must be a plain value or a single reference such as {{ entry.properties.cartId }}';
}

function refusedReference(): string {
  return 'references such as {{ entry.properties.x }} are not allowed here';
}

export function isPlainKey(value: unknown): value is string {
  return typeof value === 'string' && /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/.test(value);
}
