import { DomainError, FieldProblem } from '@cairn/core';

/** Deepest nesting of objects and arrays accepted anywhere in a body. */
export const MAX_DEPTH = 32;
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

function child(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return path ? `${path}.${key}` : key;
}

/** The first structural problem in a parsed JSON value: too deep, or a key that could pollute prototypes. */
export function findShapeProblem(value: unknown, path = '', depth = 0): (FieldProblem & { code: string }) | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  if (depth >= MAX_DEPTH) return { code: 'TOO_DEEP', path: path || '(body)', message: `nesting deeper than ${MAX_DEPTH} levels` };
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const problem = findShapeProblem(value[i], child(path, i), depth + 1);
      if (problem) return problem;
    }
    return undefined;
  }
  for (const key of Object.keys(value)) {
    if (FORBIDDEN_KEYS.has(key)) return { code: 'FORBIDDEN_KEY', path: child(path, key), message: `the key ${JSON.stringify(key)} is not allowed` };
    const problem = findShapeProblem((value as Record<string, unknown>)[key], child(path, key), depth + 1);
    if (problem) return problem;
  }
  return undefined;
}

/** Throws a 400 naming the field when the body is too deep or carries a forbidden key. */
export function assertSafeShape(body: unknown): void {
  const problem = findShapeProblem(body);
  if (problem) throw new DomainError(problem.code, `${problem.path}: ${problem.message}`, 400, [{ path: problem.path, message: problem.message }]);
}

/** Size of a value as compact JSON, in bytes. */
export function jsonBytes(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value) ?? '', 'utf8');
}
