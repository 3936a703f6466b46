import { ReferenceCheckForbidden, ReferenceCheckUnavailable } from './reference-errors';

/** How long another service gets to answer one look-up. */
export const LOOKUP_TIMEOUT_MS = 5000;
/** Keys per request, so the URL stays short; one request per kind for any ordinary journey. */
const KEYS_PER_REQUEST = 100;

export interface KeyLookup {
  /** The other service, for messages (`segments`, `messaging`). */
  service: string;
  /** Its base URL. */
  baseUrl: string;
  /** The list endpoint that takes `?keys=` (`/v1/templates`). */
  path: string;
  /** The array in its answer (`templates`). */
  field: string;
}

/**
 * Asks another service which of `keys` exist, with the caller's Authorization
 * header (admin keys are per workspace, so the answer is the caller's
 * workspace). Returns the keys found. Throws ReferenceCheckUnavailable on no
 * connection, a timeout, a 5xx or an unreadable answer, and
 * ReferenceCheckForbidden on a 401 or 403.
 */
export async function existingKeys(lookup: KeyLookup, keys: string[], authorization: string | undefined): Promise<Set<string>> {
  const found = new Set<string>();
  for (let i = 0; i < keys.length; i += KEYS_PER_REQUEST) {
    for (const key of await fetchKeys(lookup, keys.slice(i, i + KEYS_PER_REQUEST), authorization)) found.add(key);
  }
  return found;
}

async function fetchKeys(lookup: KeyLookup, keys: string[], authorization: string | undefined): Promise<string[]> {
  const url = `${lookup.baseUrl}${lookup.path}?keys=${keys.map(encodeURIComponent).join(',')}`;
  let response: Response;
  try {
    response = await fetch(url, { headers: authorization ? { authorization } : {}, signal: AbortSignal.timeout(LOOKUP_TIMEOUT_MS) });
  } catch (error) {
    const e = error as Error;
    throw new ReferenceCheckUnavailable(lookup.service, e.name === 'TimeoutError' ? `no answer within ${LOOKUP_TIMEOUT_MS} ms` : 'no connection');
  }
  if (!response.ok) await response.body?.cancel().catch(() => undefined);
  if (response.status === 401 || response.status === 403) throw new ReferenceCheckForbidden(lookup.service, response.status);
  if (!response.ok) throw new ReferenceCheckUnavailable(lookup.service, `it answered ${response.status}`);
  const body = (await response.json().catch(() => undefined)) as Record<string, unknown> | undefined;
  const items = body?.[lookup.field];
  if (!Array.isArray(items)) throw new ReferenceCheckUnavailable(lookup.service, `its answer has no ${lookup.field} list`);
  return items.map((item) => (item as { key?: unknown })?.key).filter((key): key is string => typeof key === 'string');
}
