import { ValidationFailed } from '@cairn/core';

export const MAX_KEYS = 500;

/** The `keys` query of a list endpoint. */
export const KEYS_QUERY = (what: string) => ({
  name: 'keys',
  required: false,
  description: `Only the ${what} with these keys, comma-separated (at most ${MAX_KEYS}); keys that do not exist are left out`,
});

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
