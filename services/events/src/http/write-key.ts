import { WorkspaceConfig } from '@cairn/config';
import { DomainError } from '@cairn/core';
import { authenticate, authFailures, KeyedRequest, Platform, toErrorResponse, TooManyAuthFailures, Unauthorized, workspaceForKey } from '@cairn/runtime';
import type { NextFunction, Request, Response } from 'express';
import { browserPathKind, isAdminPath, writeKeyInPath } from './browser-paths';
import { withdrawCors } from './cors.middleware';
import { workspaceAllowsOrigin } from './origins';

/** Marks a request whose write key can only be in its body (read once the body is parsed, by writeKeyFromBody). */
const KEY_IN_BODY = Symbol('cairn:write-key-in-body');

type IngestRequest = Request & KeyedRequest & { [KEY_IN_BODY]?: true };

const NO_KEY = 'a write key is required (Basic user name, Bearer token, writeKey query parameter or writeKey body field)';
const UNREADABLE_KEY = 'a write key is required; the body that should carry it is not JSON of at most 500 KB';
const COMPRESSED_NO_KEY = 'a compressed body needs its write key outside it (Authorization header or writeKey query parameter)';

/**
 * Checks a key found elsewhere than the Authorization header (the settings
 * path, the `writeKey` query parameter or body field) exactly as authenticate()
 * checks the header: an address that failed too often is refused first (429),
 * a missing or unknown key counts as a failure of its address (401).
 */
export function authenticateWriteKey(platform: Platform, req: KeyedRequest, key: string | undefined, missing = NO_KEY): WorkspaceConfig {
  const limiter = authFailures(platform);
  const now = platform.clock.now().getTime();
  const wait = limiter.retryAfter(req.ip, now);
  if (wait > 0) throw new TooManyAuthFailures(wait);
  const workspace = key ? workspaceForKey(platform.config.workspaces, key, 'write') : undefined;
  if (!workspace) {
    limiter.recordFailure(req.ip, now);
    throw new Unauthorized(key ? 'unknown write key' : missing);
  }
  req.workspace = workspace;
  return workspace;
}

/** A browser page of an origin the key's workspace does not list is refused, and the CORS headers are taken back. */
function enforceOrigin(req: Request, res: Response, workspace: WorkspaceConfig): void {
  const origin = req.headers.origin;
  if (typeof origin !== 'string' || origin === '' || !browserPathKind(req.path) || workspaceAllowsOrigin(workspace, origin)) return;
  withdrawCors(res);
  throw new DomainError('ORIGIN_NOT_ALLOWED', `this workspace does not let pages of ${origin.slice(0, 200)} in (allowedOrigins)`, 403);
}

function answer(res: Response, error: unknown, closeConnection: boolean): void {
  const [status, body, headers] = toErrorResponse(error);
  if (closeConnection) res.setHeader('Connection', 'close');
  for (const [name, value] of Object.entries(headers ?? {})) res.setHeader(name, value);
  res.status(status).json(body);
}

/** Requests that take a write key: every POST but the management ones, and the settings documents. */
function takesWriteKey(req: Request): boolean {
  if (req.method === 'POST') return !isAdminPath(req.path);
  return (req.method === 'GET' || req.method === 'HEAD') && browserPathKind(req.path) === 'settings';
}

/** A body the key may be read from: a browser ingest path, and not compressed (nothing is inflated before a key is known). */
function keyMayBeInBody(req: Request): boolean {
  const encoding = req.headers['content-encoding'];
  return req.method === 'POST' && browserPathKind(req.path) === 'ingest' && (encoding === undefined || encoding.trim().toLowerCase() === 'identity');
}

/** The workspace of the key the request carries outside its body, or undefined when it carries none there. */
function workspaceOutsideBody(platform: Platform, req: IngestRequest): WorkspaceConfig | undefined {
  if (req.headers.authorization !== undefined) return authenticate(platform, req, 'write');
  const inPath = writeKeyInPath(req.path);
  if (inPath !== undefined) return authenticateWriteKey(platform, req, inPath);
  const inQuery = (req.query as Record<string, unknown> | undefined)?.writeKey;
  if (inQuery !== undefined) return authenticateWriteKey(platform, req, typeof inQuery === 'string' ? inQuery : undefined);
  return undefined;
}

/**
 * The write key is checked before the body is read. It is taken from the
 * Authorization header (Basic user name, what the SDKs send, or Bearer), else
 * from the path of analytics.js's settings document, else from a `writeKey`
 * query parameter (RudderStack's beacons). Without a key there, a browser
 * ingest request may carry it as the body's `writeKey` field (analytics.js in
 * text/plain, no preflight): the address is checked against its failures
 * first, a compressed body is refused, and the parsed body's key is checked
 * by writeKeyFromBody before anything else reads it. A request without a valid
 * key (or from an address refused for failing too often, or, from a browser,
 * of an origin its workspace does not list) is answered 401/429/403 without
 * decompressing or parsing anything, and its connection is closed rather than
 * drained. Management paths (`/v1/parked/…`) take the admin key in their guard.
 */
export function writeKeyBeforeBody(platform: Platform) {
  return (req: Request, res: Response, next: NextFunction): void => {
    if (!takesWriteKey(req)) return next();
    const request = req as IngestRequest;
    try {
      const workspace = workspaceOutsideBody(platform, request);
      if (workspace) enforceOrigin(req, res, workspace);
      else if (keyMayBeInBody(req)) {
        const wait = authFailures(platform).retryAfter(req.ip, platform.clock.now().getTime());
        if (wait > 0) throw new TooManyAuthFailures(wait);
        request[KEY_IN_BODY] = true;
      } else {
        const compressed = req.method === 'POST' && browserPathKind(req.path) === 'ingest';
        authenticateWriteKey(platform, request, undefined, compressed ? COMPRESSED_NO_KEY : NO_KEY);
      }
      next();
    } catch (error) {
      answer(res, error, true);
    }
  };
}

/**
 * A body that should carry the write key but cannot be read (over 500 KB, not
 * JSON, not UTF-8) holds no key anyone can check: 401, counted against the
 * address like any request without a valid key, and the connection closed
 * (the rest of the body is not read). Other requests' parser failures pass on.
 */
export function unreadableKeyBody(platform: Platform) {
  return (error: unknown, req: Request, res: Response, next: NextFunction): void => {
    const request = req as IngestRequest;
    if (!request[KEY_IN_BODY] || res.headersSent) return next(error);
    try {
      authenticateWriteKey(platform, request, undefined, UNREADABLE_KEY);
    } catch (refused) {
      answer(res, refused, true);
    }
  };
}

/** After the body parser: the write key of a request that carries it in its body (`writeKey`, as analytics.js sends it). */
export function writeKeyFromBody(platform: Platform) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const request = req as IngestRequest;
    if (!request[KEY_IN_BODY]) return next();
    try {
      const body: unknown = req.body;
      const key = typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>).writeKey : undefined;
      enforceOrigin(req, res, authenticateWriteKey(platform, request, typeof key === 'string' ? key : undefined));
      next();
    } catch (error) {
      answer(res, error, false);
    }
  };
}
