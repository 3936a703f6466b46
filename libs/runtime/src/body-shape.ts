import { DomainError, FieldProblem } from '@cairn/core';

/** Deepest nesting of objects and arrays accepted anywhere in a body. */
export const MAX_DEPTH = 32;
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

function child(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return path ? `${path}.${key}` : key;
}

type Problem = { code: string; keys: Array<string | number>; message: string };

/** Postgres text and jsonb cannot hold U+0000, so an event carrying it could never be stored. */
const NUL_PROBLEM = (): Problem => ({ code: 'NUL_CHARACTER', keys: [], message: 'text must not contain the NUL character (U+0000)' });

/** Whether a string holds an unpaired UTF-16 surrogate (JSON allows `"\ud800"`; Postgres jsonb and UTF-8 do not). */
export function hasUnpairedSurrogate(value: string): boolean {
  return !(value as unknown as { isWellFormed(): boolean }).isWellFormed();
}

const SURROGATE_PROBLEM = (): Problem => ({
  code: 'INVALID_UNICODE',
  keys: [],
  message: 'text must not contain an unpaired UTF-16 surrogate (\\ud800-\\udfff)',
});

/** The problem of one text (a value or a key), if any. */
function textProblem(text: string): Problem | undefined {
  if (text.includes('\u0000')) return NUL_PROBLEM();
  return hasUnpairedSurrogate(text) ? SURROGATE_PROBLEM() : undefined;
}

/** Walks without building paths (this runs over every request body); the path is built for a problem only. */
function findProblem(value: unknown, depth: number): Problem | undefined {
  if (typeof value === 'string') return textProblem(value);
  if (value === null || typeof value !== 'object') return undefined;
  if (depth >= MAX_DEPTH) return { code: 'TOO_DEEP', keys: [], message: `nesting deeper than ${MAX_DEPTH} levels` };
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const problem = findProblem(value[i], depth + 1);
      if (problem) return (problem.keys.unshift(i), problem);
    }
    return undefined;
  }
  for (const key of Object.keys(value)) {
    if (FORBIDDEN_KEYS.has(key)) return { code: 'FORBIDDEN_KEY', keys: [key], message: `the key ${JSON.stringify(key)} is not allowed` };
    const keyProblem = textProblem(key);
    if (keyProblem) return { ...keyProblem, keys: [key] };
    const problem = findProblem((value as Record<string, unknown>)[key], depth + 1);
    if (problem) return (problem.keys.unshift(key), problem);
  }
  return undefined;
}

/** The first structural problem in a parsed JSON value: too deep, a key that could pollute prototypes, a NUL character or an unpaired surrogate. */
export function findShapeProblem(value: unknown, path = '', depth = 0): (FieldProblem & { code: string }) | undefined {
  const problem = findProblem(value, depth);
  if (!problem) return undefined;
  const at = problem.keys.reduce<string>((p, key) => child(p, key), path);
  return { code: problem.code, path: at || '(body)', message: problem.message };
}

/** Throws a 400 naming the field when the body is too deep, carries a forbidden key, a NUL character or an unpaired surrogate. */
export function assertSafeShape(body: unknown): void {
  const problem = findShapeProblem(body);
  if (problem) throw new DomainError(problem.code, `${problem.path}: ${problem.message}`, 400, [{ path: problem.path, message: problem.message }]);
}

/** Size of a value as compact JSON, in bytes. */
export function jsonBytes(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value) ?? '', 'utf8');
}

/**
 * Express middleware for every service's JSON bodies (events checks its own, with its own limits): a body too
 * deep, with a prototype key, a NUL character or an unpaired surrogate answers 400 naming the field before any handler sees it.
 */
export function rejectUnsafeBody(req: { body?: unknown }, res: { status(code: number): { json(body: unknown): void } }, next: () => void): void {
  const problem = findShapeProblem(req.body);
  if (!problem) return next();
  res.status(400).json({ code: problem.code, message: `${problem.path}: ${problem.message}`, fields: [{ path: problem.path, message: problem.message }] });
}
