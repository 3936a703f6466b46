import { authenticate, bodyErrorHandler, Platform, toErrorResponse } from '@cairn/runtime';
import { INestApplication } from '@nestjs/common';
import { json, NextFunction, Request, Response } from 'express';
import { isUtf8 } from 'node:buffer';

function rejectInvalidUtf8(_req: unknown, _res: unknown, buffer: Buffer): void {
  if (!isUtf8(buffer)) throw Object.assign(new Error('the body is not valid UTF-8'), { status: 400, type: 'invalid.utf8' });
}

/**
 * The write key is checked before the body is read: a request without a valid
 * key (or from an address refused for failing too often) is answered 401/429
 * without decompressing or parsing anything, and its connection is closed
 * rather than drained. Every ingest route is a POST under /v1 with a write key;
 * the route's guard checks again (cheaply) and scopes the request.
 */
export function writeKeyBeforeBody(platform: Platform) {
  return (req: Request, res: Response, next: NextFunction): void => {
    if (req.method !== 'POST' || !req.path.startsWith('/v1/')) return next();
    try {
      authenticate(platform, req, 'write');
      next();
    } catch (error) {
      const [status, body, headers] = toErrorResponse(error);
      res.setHeader('Connection', 'close');
      for (const [name, value] of Object.entries(headers ?? {})) res.setHeader(name, value);
      res.status(status).json(body);
    }
  };
}

/**
 * JSON bodies up to 500 KB after decompression (gzip, deflate and br are
 * inflated by the parser), UTF-8 only, read only once the write key passed.
 * Every content type is read as JSON, as Segment's API does: browser beacons
 * send text/plain and some SDKs send gzip bodies without a JSON content type.
 * Parser failures answer a stable 4xx here, before any route.
 */
export function configureIngestHttp(app: INestApplication, platform: Platform, limit: string): void {
  app.use(writeKeyBeforeBody(platform));
  app.use(json({ limit, inflate: true, type: () => true, verify: rejectInvalidUtf8 }));
  app.use(bodyErrorHandler('500 KB (after decompression)'));
}
