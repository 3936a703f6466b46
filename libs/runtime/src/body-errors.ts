import type { NextFunction, Request, Response } from 'express';
import { ErrorBody } from './errors.filter';

/** What body-parser (and the decompression streams under it) throws. */
export interface ParserError {
  type?: string;
  status?: number;
  code?: string;
  message?: string;
}

/**
 * Maps a body-parser failure to a stable 4xx, or undefined for anything else
 * (an error that is not the body's fault). `limit` describes the size limit
 * in the 413 message ("100 KB", "500 KB (after decompression)").
 */
export function bodyErrorResponse(error: ParserError, limit: string): [number, ErrorBody] | undefined {
  if (typeof error.status !== 'number' || error.status >= 500) return undefined;
  switch (error.type) {
    case 'entity.too.large':
      return [413, { code: 'PAYLOAD_TOO_LARGE', message: `the body is larger than ${limit}` }];
    case 'entity.parse.failed':
      return [400, { code: 'INVALID_JSON', message: 'the body is not valid JSON' }];
    case 'invalid.utf8':
      return [400, { code: 'INVALID_UTF8', message: 'the body is not valid UTF-8' }];
    case 'encoding.unsupported':
      return [415, { code: 'UNSUPPORTED_ENCODING', message: 'Content-Encoding must be gzip, deflate, br or identity' }];
    case 'charset.unsupported':
      return [415, { code: 'UNSUPPORTED_CHARSET', message: 'the charset must be utf-8' }];
    case 'request.aborted':
      return [400, { code: 'REQUEST_ABORTED', message: 'the client aborted the request' }];
    case 'request.size.invalid':
      return [400, { code: 'BAD_REQUEST', message: 'the body is shorter or longer than its Content-Length' }];
  }
  if (error.code?.startsWith('Z_') || /incorrect header check|unexpected end of file|invalid/i.test(error.message ?? '')) {
    return [400, { code: 'INVALID_ENCODING', message: 'the body could not be decompressed' }];
  }
  return [400, { code: 'BAD_REQUEST', message: 'the body could not be read' }];
}

/**
 * Express error middleware, mounted right after the body parser: a body that
 * cannot be read or parsed answers its stable 4xx here, before any route (Nest
 * would otherwise turn invalid JSON into a generic BAD_REQUEST with the
 * parser's message). Other errors pass on.
 */
export function bodyErrorHandler(limit: string) {
  return (error: ParserError, _req: Request, res: Response, next: NextFunction): void => {
    const answer = res.headersSent ? undefined : bodyErrorResponse(error, limit);
    if (!answer) return next(error);
    res.status(answer[0]).json(answer[1]);
  };
}
