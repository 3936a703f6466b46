import { KeyedRequest, Unauthorized } from '@cairn/runtime';
import { applyDecorators, CanActivate, ExecutionContext, Injectable, UseGuards } from '@nestjs/common';

/**
 * The ingest routes' guard: the write key was checked before the body was
 * read (write-key.ts, wherever the request carries it: header, settings path,
 * query or body), which set the request's workspace; a request that reached a
 * route without one is refused.
 */
@Injectable()
export class WriteKeyCheckedGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    if (!context.switchToHttp().getRequest<KeyedRequest>().workspace) throw new Unauthorized('a write key is required');
    return true;
  }
}

/** Ingest and settings routes: a write key, checked before the body (see write-key.ts). */
export const WriteKeyChecked = () => applyDecorators(UseGuards(WriteKeyCheckedGuard));
