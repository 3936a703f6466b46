import { WorkspaceConfig } from '@cairn/config';
import { DomainError } from '@cairn/core';
import { CanActivate, createParamDecorator, ExecutionContext, Inject, Injectable, SetMetadata, UseGuards, applyDecorators } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { timingSafeEqual } from 'node:crypto';
import { AuthFailureLimiter } from './auth-failures';
import { Platform, PLATFORM } from './platform';

/** `send`: an admin key, or one of the workspace's send-only keys (`sendKeys`). */
export type KeyKind = 'write' | 'admin' | 'send';
const KEY_KIND = 'cairn:key-kind';

export class Unauthorized extends DomainError {
  constructor(message: string) {
    super('UNAUTHORIZED', message, 401);
  }
}

/** 429: the client address failed to authenticate too often; it may try again after `retryAfterSeconds`. */
export class TooManyAuthFailures extends DomainError {
  constructor(readonly retryAfterSeconds: number) {
    super('TOO_MANY_AUTH_FAILURES', `too many failed authentications from this address; retry after ${retryAfterSeconds} s`, 429);
    this.name = 'TooManyAuthFailures';
  }
}

function safeEqual(a: string, b: string): boolean {
  const [x, y] = [Buffer.from(a), Buffer.from(b)];
  return x.length === y.length && timingSafeEqual(x, y);
}

/** The key a request carries: Bearer token, or the Basic-auth user name (Segment SDKs). */
export function presentedKey(header: string | undefined, allowBasic: boolean): string | undefined {
  if (!header) return undefined;
  const [scheme, value] = header.split(/\s+/, 2);
  if (/^bearer$/i.test(scheme) && value) return value;
  if (allowBasic && /^basic$/i.test(scheme) && value) {
    const decoded = Buffer.from(value, 'base64').toString('utf8');
    const user = decoded.includes(':') ? decoded.slice(0, decoded.indexOf(':')) : decoded;
    return user || undefined;
  }
  return undefined;
}

function keysOf(w: WorkspaceConfig, kind: KeyKind): string[] {
  if (kind === 'write') return w.writeKeys;
  return kind === 'send' ? [...w.adminKeys, ...(w.sendKeys ?? [])] : w.adminKeys;
}

export function workspaceForKey(workspaces: WorkspaceConfig[], key: string, kind: KeyKind): WorkspaceConfig | undefined {
  return workspaces.find((w) => keysOf(w, kind).some((k) => safeEqual(k, key)));
}

/** What authentication reads from a request (Express's, or any with the same fields). */
export interface KeyedRequest {
  headers: Record<string, string | string[] | undefined>;
  /** The client address (Express's `req.ip`, which honours the `trust proxy` setting). */
  ip?: string;
  workspace?: WorkspaceConfig;
}

const MISSING: Record<KeyKind, string> = {
  write: 'a write key is required (Basic user name or Bearer)',
  admin: 'an admin key is required (Bearer)',
  send: 'an admin key or a send key is required (Bearer)',
};

const limiters = new WeakMap<Platform, AuthFailureLimiter>();

/** The failed-authentication limiter of one service (one per Platform, so each service of the all-in-one counts its own). */
export function authFailures(platform: Platform): AuthFailureLimiter {
  let limiter = limiters.get(platform);
  if (!limiter) limiters.set(platform, (limiter = new AuthFailureLimiter()));
  return limiter;
}

/**
 * Finds the workspace of the request's key of `kind` and sets it on the
 * request. An address that failed too often is refused first (429 with
 * Retry-After, whatever key it sends); a missing or unknown key counts as a
 * failure of its address and answers 401.
 */
export function authenticate(platform: Platform, request: KeyedRequest, kind: KeyKind): WorkspaceConfig {
  const limiter = authFailures(platform);
  const now = platform.clock.now().getTime();
  const wait = limiter.retryAfter(request.ip, now);
  if (wait > 0) throw new TooManyAuthFailures(wait);
  const header = request.headers.authorization;
  const key = presentedKey(Array.isArray(header) ? header[0] : header, kind === 'write');
  const workspace = key === undefined ? undefined : workspaceForKey(platform.config.workspaces, key, kind);
  if (!workspace) {
    limiter.recordFailure(request.ip, now);
    if (!key) throw new Unauthorized(MISSING[kind]);
    throw new Unauthorized(`unknown ${kind} key`);
  }
  request.workspace = workspace;
  return workspace;
}

@Injectable()
export class KeyGuard implements CanActivate {
  constructor(
    @Inject(PLATFORM) private readonly platform: Platform,
    private readonly reflector: Reflector,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const kind = this.reflector.getAllAndOverride<KeyKind>(KEY_KIND, [context.getHandler(), context.getClass()]);
    if (!kind) return true;
    authenticate(this.platform, context.switchToHttp().getRequest<KeyedRequest>(), kind);
    return true;
  }
}

/** Management endpoints: the workspace's admin key as a Bearer token. */
export const AdminAuth = () => applyDecorators(SetMetadata(KEY_KIND, 'admin'), UseGuards(KeyGuard));
/** Sending endpoints (`POST /v1/send`, `GET /v1/messages/:id`): an admin key or a send-only key of the workspace, as a Bearer token. */
export const SendAuth = () => applyDecorators(SetMetadata(KEY_KIND, 'send'), UseGuards(KeyGuard));
/** Ingest endpoints: a write key as Basic user name or Bearer token. */
export const WriteKeyAuth = () => applyDecorators(SetMetadata(KEY_KIND, 'write'), UseGuards(KeyGuard));

/** The workspace the request's key belongs to; everything the request touches is scoped to it. */
export const CurrentWorkspace = createParamDecorator((_: unknown, ctx: ExecutionContext): WorkspaceConfig => {
  const workspace = ctx.switchToHttp().getRequest<{ workspace?: WorkspaceConfig }>().workspace;
  if (!workspace) throw new Unauthorized('no workspace on this request');
  return workspace;
});
