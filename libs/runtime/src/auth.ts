import { WorkspaceConfig } from '@cairn/config';
import { DomainError } from '@cairn/core';
import { CanActivate, createParamDecorator, ExecutionContext, Inject, Injectable, SetMetadata, UseGuards, applyDecorators } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { timingSafeEqual } from 'node:crypto';
import { Platform, PLATFORM } from './platform';

export type KeyKind = 'write' | 'admin';
const KEY_KIND = 'cairn:key-kind';

export class Unauthorized extends DomainError {
  constructor(message: string) {
    super('UNAUTHORIZED', message, 401);
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

export function workspaceForKey(workspaces: WorkspaceConfig[], key: string, kind: KeyKind): WorkspaceConfig | undefined {
  return workspaces.find((w) => (kind === 'write' ? w.writeKeys : w.adminKeys).some((k) => safeEqual(k, key)));
}

@Injectable()
export class KeyGuard implements CanActivate {
  constructor(@Inject(PLATFORM) private readonly platform: Platform, private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const kind = this.reflector.getAllAndOverride<KeyKind>(KEY_KIND, [context.getHandler(), context.getClass()]);
    if (!kind) return true;
    const request = context.switchToHttp().getRequest<{ headers: Record<string, string | undefined>; workspace?: WorkspaceConfig }>();
    const key = presentedKey(request.headers.authorization, kind === 'write');
    if (!key) throw new Unauthorized(kind === 'write' ? 'a write key is required (Basic user name or Bearer)' : 'an admin key is required (Bearer)');
    const workspace = workspaceForKey(this.platform.config.workspaces, key, kind);
    if (!workspace) throw new Unauthorized(`unknown ${kind} key`);
    request.workspace = workspace;
    return true;
  }
}

/** Management endpoints: the workspace's admin key as a Bearer token. */
export const AdminAuth = () => applyDecorators(SetMetadata(KEY_KIND, 'admin'), UseGuards(KeyGuard));
/** Ingest endpoints: a write key as Basic user name or Bearer token. */
export const WriteKeyAuth = () => applyDecorators(SetMetadata(KEY_KIND, 'write'), UseGuards(KeyGuard));

/** The workspace the request's key belongs to; everything the request touches is scoped to it. */
export const CurrentWorkspace = createParamDecorator((_: unknown, ctx: ExecutionContext): WorkspaceConfig => {
  const workspace = ctx.switchToHttp().getRequest<{ workspace?: WorkspaceConfig }>().workspace;
  if (!workspace) throw new Unauthorized('no workspace on this request');
  return workspace;
});
