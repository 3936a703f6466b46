import { durationProblem, type FieldProblem } from '@cairn/core';

/** Keys refused anywhere in a definition: they invite prototype pollution. */
export const FORBIDDEN_KEYS: readonly string[] = ['__proto__', 'constructor', 'prototype'];

/** Segment keys are lowercase slugs: `flagship-hot`, `dormant`, `vip-2026`. */
export const SEGMENT_KEY_RE = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const SEGMENT_KEY_MAX = 64;
export const NAME_MAX = 200;

export type Problems = FieldProblem[];

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function child(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}

/** Reports every own key outside `allowed` (forbidden keys are reported by the scan). */
export function checkKeys(input: Record<string, unknown>, allowed: readonly string[], path: string, problems: Problems): void {
  for (const key of Object.keys(input)) {
    if (allowed.includes(key) || FORBIDDEN_KEYS.includes(key)) continue;
    problems.push({ path: child(path, key), message: `unknown key; expected ${allowed.join(', ')}` });
  }
}

/** A non-empty, trimmed string of bounded length, or undefined after reporting. */
export function checkName(value: unknown, path: string, problems: Problems, what = 'a name'): string | undefined {
  if (typeof value !== 'string' || value.trim() === '') {
    problems.push({ path, message: `expected ${what}: a non-empty string` });
    return undefined;
  }
  if (value.length > NAME_MAX) {
    problems.push({ path, message: `must be at most ${NAME_MAX} characters` });
    return undefined;
  }
  if (FORBIDDEN_KEYS.includes(value.trim())) {
    problems.push({ path, message: `${JSON.stringify(value)} is a reserved name` });
    return undefined;
  }
  return value.trim();
}

export function checkSlug(value: unknown, path: string, problems: Problems): string | undefined {
  if (typeof value !== 'string' || !SEGMENT_KEY_RE.test(value) || value.length > SEGMENT_KEY_MAX) {
    problems.push({
      path,
      message: `expected a segment key: lowercase letters, digits and single dashes, at most ${SEGMENT_KEY_MAX} characters`,
    });
    return undefined;
  }
  return value;
}

/** A positive duration such as `30m`, `7d`, of at most 2 years (MAX_DURATION_MS). */
export function checkDuration(value: unknown, path: string, problems: Problems): string | undefined {
  const problem = durationProblem(value);
  if (problem) {
    problems.push({ path, message: problem });
    return undefined;
  }
  return value as string;
}

/**
 * Reports every forbidden key in the body, wherever it sits. Depth-bounded so
 * a hostile body cannot exhaust the stack.
 */
export function scanForbiddenKeys(value: unknown, path: string, problems: Problems, depth = 0): void {
  if (depth > 64) {
    problems.push({ path, message: 'nested too deeply' });
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((item, i) => scanForbiddenKeys(item, `${path}[${i}]`, problems, depth + 1));
    return;
  }
  if (!isPlainObject(value)) return;
  for (const key of Object.keys(value)) {
    if (FORBIDDEN_KEYS.includes(key)) problems.push({ path: child(path, key), message: 'forbidden key' });
    else scanForbiddenKeys(value[key], child(path, key), problems, depth + 1);
  }
}
