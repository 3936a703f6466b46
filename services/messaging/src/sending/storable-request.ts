import { MessageRequest } from '@cairn/contracts';

/** Why a request that Postgres could not store as it came was failed (`FAILED request_invalid`). */
export const REQUEST_INVALID = 'request_invalid';

/** A NUL, or a UTF-16 surrogate without its other half. */
const UNSTORABLE = '\\u0000|[\\ud800-\\udbff](?![\\udc00-\\udfff])|(?<![\\ud800-\\udbff])[\\udc00-\\udfff]';
const FIND = new RegExp(UNSTORABLE);
const REPLACE = new RegExp(UNSTORABLE, 'g');

function hasUnstorable(value: unknown): boolean {
  if (typeof value === 'string') return FIND.test(value);
  if (Array.isArray(value)) return value.some(hasUnstorable);
  if (typeof value !== 'object' || value === null) return false;
  return Object.entries(value).some(([key, item]) => FIND.test(key) || hasUnstorable(item));
}

function repair(value: unknown): unknown {
  if (typeof value === 'string') return value.replace(REPLACE, '\uFFFD');
  if (Array.isArray(value)) return value.map(repair);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key.replace(REPLACE, '\uFFFD'), repair(item)]));
}

/**
 * A request as Postgres can store it. Text columns and JSON values refuse a
 * NUL character and lone UTF-16 surrogates, so such a request could never be
 * recorded and would fail its whole batch; instead every such string (in the
 * ids or anywhere in the context, keys too) is repaired (U+FFFD) and the
 * request marked `invalid`: it is recorded and failed with `request_invalid`.
 */
export function storableRequest(request: MessageRequest): { request: MessageRequest; invalid: boolean } {
  if (!hasUnstorable(request)) return { request, invalid: false };
  return { request: repair(request) as MessageRequest, invalid: true };
}
