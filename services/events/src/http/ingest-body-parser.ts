import { INestApplication } from '@nestjs/common';
import { json, NextFunction, Request, Response } from 'express';
import { isUtf8 } from 'node:buffer';

interface ParserError {
  type?: string;
  status?: number;
  code?: string;
  message?: string;
}

/** Maps a body-parser failure to a stable 4xx. */
export function bodyErrorResponse(error: ParserError): [number, { code: string; message: string }] | undefined {
  if (typeof error.status !== 'number' || error.status >= 500) return undefined;
  switch (error.type) {
    case 'entity.too.large':
      return [413, { code: 'PAYLOAD_TOO_LARGE', message: 'the body is larger than 500 KB (after decompression)' }];
    case 'entity.parse.failed':
      return [400, { code: 'INVALID_JSON', message: 'the body is not valid JSON' }];
    case 'invalid.utf8':
      return [400, { code: 'INVALID_UTF8', message: 'the body is not valid UTF-8' }];
    case 'encoding.unsupported':
      return [415, { code: 'UNSUPPORTED_ENCODING', message: 'Content-Encoding must be gzip, deflate, br or identity' }];
    case 'charset.unsupported':
      return [415, { code: 'UNSUPPORTED_CHARSET', message: 'the charset must be utf-8' }];
  }
  if (error.code?.startsWith('Z_') || /incorrect header check|unexpected end of file|invalid/i.test(error.message ?? '')) {
    return [400, { code: 'INVALID_ENCODING', message: 'the body could not be decompressed' }];
  }
  return [400, { code: 'BAD_REQUEST', message: 'the body could not be read' }];
}

function rejectInvalidUtf8(_req: unknown, _res: unknown, buffer: Buffer): void {
  if (!isUtf8(buffer)) throw Object.assign(new Error('the body is not valid UTF-8'), { status: 400, type: 'invalid.utf8' });
}

/**
 * JSON bodies up to 500 KB after decompression (gzip, deflate and br are
 * inflated by the parser), UTF-8 only. Every content type is read as JSON,
 * as Segment's API does: browser beacons send text/plain and some SDKs send
 * gzip bodies without a JSON content type. Parser failures answer a stable
 * 4xx here, before any route.
 */
export function configureIngestHttp(app: INestApplication, limit: string): void {
  app.use(json({ limit, inflate: true, type: () => true, verify: rejectInvalidUtf8 }));
  app.use((error: ParserError, _req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(error);
    const [status, body] = bodyErrorResponse(error) ?? [500, { code: 'INTERNAL_ERROR', message: 'internal error' }];
    res.status(status).json(body);
  });
}
