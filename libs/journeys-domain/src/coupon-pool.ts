/**
 * Coupon pools (`PUT /v1/coupon-pools/:key`): a pool of generated unique
 * codes, or an uploaded list. A run gets at most one code.
 */
import { stableId, ValidationFailed, type FieldProblem } from '@cairn/core';

export interface CouponPool {
  key: string;
  mode: 'generated' | 'list';
  prefix: string;
  length: number;
}

/** A pool as sent: its settings and, for a list pool, codes to add to those already uploaded. */
export interface CouponPoolUpload {
  pool: CouponPool;
  codes: string[];
}

const KEY = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
export const MAX_COUPON_CODES = 100_000;
const FIELDS = ['mode', 'prefix', 'length', 'codes'];

/**
 * Validates a `PUT /v1/coupon-pools/:key` body (the key from the path):
 * `mode` generated or list, `prefix` up to 16 characters (default ""),
 * `length` 6-32 (default 10), `codes` only for a list (at most 100,000, 1-64
 * characters each). Throws ValidationFailed naming every field at fault.
 */
export function validateCouponPool(key: string, body: unknown): CouponPoolUpload {
  const problems: FieldProblem[] = [];
  const b = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  if (!KEY.test(key)) problems.push({ path: 'key', message: 'must be 1-64 letters, digits, "-" or "_"' });
  if (b.mode !== 'generated' && b.mode !== 'list') problems.push({ path: 'mode', message: 'must be generated or list' });
  const prefix = b.prefix ?? '';
  if (typeof prefix !== 'string' || prefix.length > 16) problems.push({ path: 'prefix', message: 'must be a string of at most 16 characters' });
  const length = b.length ?? 10;
  if (!Number.isInteger(length) || (length as number) < 6 || (length as number) > 32)
    problems.push({ path: 'length', message: 'must be an integer from 6 to 32' });
  const codes = b.codes ?? [];
  const valid = Array.isArray(codes) && codes.length <= MAX_COUPON_CODES && codes.every((c) => typeof c === 'string' && c.length > 0 && c.length <= 64);
  if (!valid) problems.push({ path: 'codes', message: `must be an array of at most ${MAX_COUPON_CODES} codes (1-64 characters)` });
  if (b.mode === 'generated' && valid && codes.length > 0) problems.push({ path: 'codes', message: 'only a list pool takes codes' });
  for (const extra of Object.keys(b).filter((k) => !FIELDS.includes(k))) {
    problems.push({ path: extra, message: 'is not a coupon pool field' });
  }
  if (problems.length > 0) throw new ValidationFailed(problems);
  return { pool: { key, mode: b.mode as CouponPool['mode'], prefix: prefix as string, length: length as number }, codes: codes as string[] };
}

const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** A code derived from the run (and an attempt number), so a retry of the same run derives the same code. */
export function generatedCode(pool: CouponPool, workspaceId: string, runId: string, attempt: number): string {
  const digest = stableId(workspaceId, pool.key, runId, String(attempt));
  let code = '';
  for (let i = 0; i < pool.length; i++) code += ALPHABET[digest.charCodeAt(i % digest.length) % ALPHABET.length];
  return pool.prefix + code;
}

/** How many attempts a generated pool makes to find a code no other run holds. */
export const GENERATE_ATTEMPTS = 5;
