import { WorkspaceConfig } from '@cairn/config';
import type { NextFunction, Request, Response } from 'express';
import { BrowserPathKind, browserPathKind, methodsFor } from './browser-paths';
import { someWorkspaceAllowsOrigin } from './origins';

/**
 * The request headers a preflight lets through when it asks for none, or for
 * a list that is not plain header names: the key (Basic), the body's type and
 * encoding, and the SDKs' own (RudderStack's AnonymousId and SentAt,
 * analytics.js's X-Retry-Count).
 */
export const CORS_ALLOWED_HEADERS = 'Authorization, Content-Type, Content-Encoding, AnonymousId, SentAt, X-Retry-Count';
/** A list of header names as a preflight asks for them (`authorization,content-type,rsa-retry-attempt`): at most 32 tokens. */
const REQUESTED_HEADERS = /^\s*[!#$%&'*+.^_`|~0-9A-Za-z-]{1,64}(?:\s*,\s*[!#$%&'*+.^_`|~0-9A-Za-z-]{1,64}){0,31}\s*$/;
/** How long a browser may reuse a preflight answer (Chromium caps it at 2 hours). */
export const PREFLIGHT_MAX_AGE_SECONDS = 7200;
const CORS_HEADERS = ['Access-Control-Allow-Origin', 'Access-Control-Allow-Credentials', 'Access-Control-Expose-Headers'];

function originOf(req: Request): string | undefined {
  const origin = req.headers.origin;
  return typeof origin === 'string' && origin !== '' ? origin : undefined;
}

/**
 * The CORS answer for an origin let in: the origin itself (never `*`), with
 * credentials allowed (a `credentials: 'include'` fetch, a beacon) although
 * Cairn reads no cookie, and Retry-After readable by the SDK (429, 503).
 */
function allowOrigin(res: Response, origin: string): void {
  res.setHeader('Access-Control-Allow-Origin', origin);
  res.setHeader('Access-Control-Allow-Credentials', 'true');
  res.setHeader('Access-Control-Expose-Headers', 'Retry-After');
}

/** Takes back the CORS answer: the browser then keeps the response from the page. */
export function withdrawCors(res: Response): void {
  for (const name of CORS_HEADERS) res.removeHeader(name);
}

function refuseOrigin(res: Response, origin: string): void {
  res.status(403).json({ code: 'ORIGIN_NOT_ALLOWED', message: `no workspace lets pages of ${origin.slice(0, 200)} in (allowedOrigins)` });
}

/**
 * The headers a preflight lets through: those it asks for, when they are
 * plain header names. The SDKs add headers of their own from version to
 * version (RudderStack's Rsa-Retry-Attempt, Rsa-Since-Last-Attempt, …), and
 * Cairn reads none but the key and the body's type and encoding, so naming
 * them back costs nothing and keeps a newer SDK working.
 */
export function allowedHeaders(requested: string | undefined): string {
  return requested !== undefined && REQUESTED_HEADERS.test(requested) ? requested.trim() : CORS_ALLOWED_HEADERS;
}

function preflight(req: Request, res: Response, kind: BrowserPathKind, workspaces: WorkspaceConfig[]): void {
  const origin = originOf(req);
  const methods = methodsFor(kind);
  if (!origin || req.headers['access-control-request-method'] === undefined) {
    // Not a CORS preflight: say what the path takes.
    res.setHeader('Allow', methods);
    return void res.status(204).end();
  }
  if (!someWorkspaceAllowsOrigin(workspaces, origin)) return refuseOrigin(res, origin);
  allowOrigin(res, origin);
  res.setHeader('Access-Control-Allow-Methods', methods);
  res.setHeader('Access-Control-Allow-Headers', allowedHeaders(req.headers['access-control-request-headers']));
  res.vary('Access-Control-Request-Headers');
  res.setHeader('Access-Control-Max-Age', String(PREFLIGHT_MAX_AGE_SECONDS));
  res.status(204).end();
}

/**
 * CORS on the paths browsers reach (browser-paths.ts), before the write key
 * is looked at: a preflight (OPTIONS, which carries no key) is answered for an
 * origin some workspace lists, and any other request from such an origin gets
 * the CORS headers, so the SDK sees even a 401 or a 429. Once the key names
 * the workspace, a request from an origin that workspace does not list is
 * refused with 403 `ORIGIN_NOT_ALLOWED` and these headers are withdrawn
 * (write-key.ts). An origin no workspace lists gets no CORS header at all:
 * the browser blocks the exchange. Every answer on these paths varies by Origin.
 */
export function browserCors(workspaces: WorkspaceConfig[]) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const kind = browserPathKind(req.path);
    if (!kind) return next();
    res.vary('Origin');
    if (req.method === 'OPTIONS') return preflight(req, res, kind, workspaces);
    const origin = originOf(req);
    if (origin && someWorkspaceAllowsOrigin(workspaces, origin)) allowOrigin(res, origin);
    next();
  };
}
