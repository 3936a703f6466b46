import { FieldProblem } from '@cairn/core';

/**
 * Bounds of the free-form objects of an event (`traits`, `properties`), so
 * that what one event stores per user and hands to templates stays small.
 * Segment and RudderStack only cap the whole event (32 KB); these are tighter
 * per value so one field cannot take it all, and each answer names the field.
 */
export const MAX_OBJECT_KEYS = 256;
/** Longest key at the top of traits or properties, in characters. */
export const MAX_KEY_LENGTH = 256;
/** Largest text value anywhere inside traits or properties, in UTF-8 bytes. */
export const MAX_STRING_BYTES = 8 * 1024;
/** Largest traits or properties object as compact JSON, in UTF-8 bytes. */
export const MAX_OBJECT_BYTES = 32 * 1024;

/**
 * Characters an id may not hold: C0 controls, DEL and the Unicode line and
 * paragraph separators (ids become Kafka keys `<workspace>:<id>`, which
 * consumers check line-wise, and end up in logs and URLs).
 */
const ID_FORBIDDEN = /[\u0000-\u001f\u007f\u2028\u2029]/;

export function idCharacterProblem(value: string): string | undefined {
  return ID_FORBIDDEN.test(value) ? 'must not contain control characters or line separators' : undefined;
}

function child(path: string, key: string | number): string {
  return typeof key === 'number' ? `${path}[${key}]` : `${path}.${key}`;
}

/** The first text value longer than MAX_STRING_BYTES below `value`, with its path. */
function longText(value: unknown, path: string): string | undefined {
  if (typeof value === 'string') {
    // A JS character is at most 3 UTF-8 bytes: most texts are settled without measuring.
    return value.length * 3 > MAX_STRING_BYTES && Buffer.byteLength(value, 'utf8') > MAX_STRING_BYTES ? path : undefined;
  }
  if (value === null || typeof value !== 'object') return undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = longText(value[i], child(path, i));
      if (found) return found;
    }
    return undefined;
  }
  for (const [key, inner] of Object.entries(value)) {
    const found = longText(inner, child(path, key));
    if (found) return found;
  }
  return undefined;
}

/** The problem of one traits or properties object (at `path`, e.g. `batch[3].traits`), if any. */
export function objectBoundsProblem(value: Record<string, unknown>, path: string): FieldProblem | undefined {
  const keys = Object.keys(value);
  if (keys.length > MAX_OBJECT_KEYS) return { path, message: `must have at most ${MAX_OBJECT_KEYS} keys (has ${keys.length})` };
  if (keys.some((k) => k.length > MAX_KEY_LENGTH)) return { path, message: `keys must be at most ${MAX_KEY_LENGTH} characters` };
  const long = longText(value, path);
  if (long) return { path: long, message: `text values must be at most ${MAX_STRING_BYTES / 1024} KiB` };
  if (Buffer.byteLength(JSON.stringify(value), 'utf8') > MAX_OBJECT_BYTES) return { path, message: `must be at most ${MAX_OBJECT_BYTES / 1024} KiB as JSON` };
  return undefined;
}
