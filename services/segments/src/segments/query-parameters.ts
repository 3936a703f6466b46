/** The query parameters of the segments API, parsed before a command is built: a 400 names the parameter at fault. */
import { ValidationFailed } from '@cairn/core';

/** `?limit=` and friends: `fallback` when absent; a 400 on `path` unless an integer from 1 to `max`. */
export function parseLimit(raw: string | undefined, fallback: number, max: number, path = 'limit'): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > max) throw new ValidationFailed([{ path, message: `expected an integer from 1 to ${max}` }]);
  return n;
}

export const MAX_KEYS = 500;

/** `?keys=a,b,c`: undefined when absent; a 400 on `keys` when empty or too long. */
export function parseKeys(raw: string | string[] | undefined): string[] | undefined {
  if (raw === undefined) return undefined;
  const keys = [
    ...new Set(
      (Array.isArray(raw) ? raw.join(',') : raw)
        .split(',')
        .map((k) => k.trim())
        .filter(Boolean),
    ),
  ];
  if (keys.length === 0 || keys.length > MAX_KEYS) throw new ValidationFailed([{ path: 'keys', message: `expected 1 to ${MAX_KEYS} comma-separated keys` }]);
  return keys;
}

/** `?traits=true|false`: false when absent; a 400 on `path` for anything else. */
export function parseFlag(raw: string | undefined, path: string): boolean {
  if (raw === undefined || raw === 'false') return false;
  if (raw === 'true') return true;
  throw new ValidationFailed([{ path, message: 'expected true or false' }]);
}
