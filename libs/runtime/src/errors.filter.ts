import { DomainError, isConcurrencyFailure, isTransient } from '@cairn/core';
import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus } from '@nestjs/common';
import type { Response } from 'express';

export interface ErrorBody {
  code: string;
  message: string;
  fields?: Array<{ path: string; message: string }>;
}

const CODES: Record<number, string> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'RATE_LIMITED',
  503: 'UNAVAILABLE',
};

/** Body-parser failures arrive as plain errors with a `type` and a status. */
function fromBodyParser(error: { type?: string; status?: number; message?: string }): [number, ErrorBody] | undefined {
  if (typeof error.status !== 'number' || !error.type) return undefined;
  if (error.type === 'entity.parse.failed') return [400, { code: 'INVALID_JSON', message: 'the body is not valid JSON' }];
  if (error.type === 'entity.too.large') return [413, { code: 'PAYLOAD_TOO_LARGE', message: 'the body is too large' }];
  if (error.type === 'encoding.unsupported') return [415, { code: 'UNSUPPORTED_ENCODING', message: error.message ?? 'unsupported encoding' }];
  if (error.status < 500) return [error.status, { code: CODES[error.status] ?? 'BAD_REQUEST', message: error.message ?? 'bad request' }];
  return undefined;
}

/** Maps every error to JSON with a stable code; never a stack trace, never a 500 for bad input. */
export function toErrorResponse(error: unknown): [number, ErrorBody, Record<string, string>?] {
  if (isConcurrencyFailure(error)) {
    return [503, { code: 'RETRY', message: 'the request collided with concurrent work; send it again' }, { 'Retry-After': '1' }];
  }
  if (error instanceof DomainError) {
    const body: ErrorBody = { code: error.code, message: error.message };
    if (error.fields.length) body.fields = error.fields;
    const retryAfter = (error as DomainError & { retryAfterSeconds?: number }).retryAfterSeconds;
    return [error.status, body, retryAfter ? { 'Retry-After': String(retryAfter) } : undefined];
  }
  if (error instanceof HttpException) {
    const status = error.getStatus();
    const response = error.getResponse() as { message?: string | string[] } | string;
    const message =
      typeof response === 'string' ? response : Array.isArray(response.message) ? response.message.join('; ') : (response.message ?? error.message);
    return [status, { code: CODES[status] ?? (status < 500 ? 'BAD_REQUEST' : 'INTERNAL_ERROR'), message }];
  }
  const parsed = error && typeof error === 'object' ? fromBodyParser(error as { type?: string; status?: number }) : undefined;
  if (parsed) return parsed;
  if (isTransient(error)) {
    return [503, { code: 'UNAVAILABLE', message: 'a dependency (the database) is unavailable for a moment; send it again' }, { 'Retry-After': '5' }];
  }
  return [HttpStatus.INTERNAL_SERVER_ERROR, { code: 'INTERNAL_ERROR', message: 'internal error' }];
}

@Catch()
export class ErrorsFilter implements ExceptionFilter {
  constructor(private readonly onServerError: (error: unknown) => void) {}

  catch(error: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw error;
    const response = host.switchToHttp().getResponse<Response>();
    const [status, body, headers] = toErrorResponse(error);
    if (status >= 500) this.onServerError(error);
    if (headers) for (const [k, v] of Object.entries(headers)) response.setHeader(k, v);
    response.status(status).json(body);
  }
}
