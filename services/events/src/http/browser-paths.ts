/**
 * The paths browsers reach (pure): every ingest path, long (`/v1/track`) and
 * as analytics.js posts them (`/v1/t`, `/v1/p`, `/v1/i`, `/v1/a`, `/v1/g`,
 * `/v1/s`, batches to `/v1/b`), RudderStack's beacon batch
 * (`/beacon/v1/batch?writeKey=`), catalog events, and the settings documents
 * the two SDKs fetch before anything else. Express routes without regard to
 * case or a trailing slash, so these are matched the same way.
 */
export type BrowserPathKind = 'ingest' | 'settings';

const INGEST = /^\/(?:v1\/(?:track|identify|page|screen|alias|group|batch|t|i|p|s|a|g|b|catalog\/events)|beacon\/v1\/batch)\/?$/i;
const SEGMENT_SETTINGS = /^\/v1\/projects\/([^/]+)\/settings\/?$/i;
const RUDDERSTACK_CONFIG = /^\/(?:v1\/)?sourceconfig\/?$/i;
/** Management paths the events service serves (admin key, never a write key). */
const ADMIN = /^\/v1\/parked(?:\/|$)/i;

export function browserPathKind(path: string): BrowserPathKind | undefined {
  if (INGEST.test(path)) return 'ingest';
  if (SEGMENT_SETTINGS.test(path) || RUDDERSTACK_CONFIG.test(path)) return 'settings';
  return undefined;
}

/** The write key analytics.js puts in the settings path (`/v1/projects/<writeKey>/settings`), decoded; undefined elsewhere. */
export function writeKeyInPath(path: string): string | undefined {
  const raw = SEGMENT_SETTINGS.exec(path)?.[1];
  if (raw === undefined) return undefined;
  try {
    return decodeURIComponent(raw);
  } catch {
    return undefined;
  }
}

/** Whether a path is one of the service's management paths (the parked work), which take the admin key. */
export function isAdminPath(path: string): boolean {
  return ADMIN.test(path);
}

/** The methods a browser may use on a path of this kind (what a preflight answers). */
export function methodsFor(kind: BrowserPathKind): string {
  return kind === 'ingest' ? 'POST, OPTIONS' : 'GET, HEAD, OPTIONS';
}
