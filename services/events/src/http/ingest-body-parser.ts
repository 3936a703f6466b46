import { bodyErrorHandler, Platform } from '@cairn/runtime';
import { INestApplication } from '@nestjs/common';
import { json } from 'express';
import { isUtf8 } from 'node:buffer';
import { browserCors } from './cors.middleware';
import { unreadableKeyBody, writeKeyBeforeBody, writeKeyFromBody } from './write-key';

function rejectInvalidUtf8(_req: unknown, _res: unknown, buffer: Buffer): void {
  if (!isUtf8(buffer)) throw Object.assign(new Error('the body is not valid UTF-8'), { status: 400, type: 'invalid.utf8' });
}

/**
 * The ingest HTTP pipeline, before any route: CORS for the paths browsers
 * reach (preflights answered, the headers set for an origin a workspace
 * lists), the write key checked before the body is read (write-key.ts), then
 * JSON bodies up to 500 KB after decompression (gzip, deflate and br are
 * inflated by the parser), UTF-8 only. Every content type is read as JSON, as
 * Segment's API does: browser beacons and analytics.js send text/plain, and
 * some SDKs send gzip bodies without a JSON content type. Parser failures
 * answer a stable 4xx here (401 when the body was to carry the key), then a
 * key carried in the body is checked.
 */
export function configureIngestHttp(app: INestApplication, platform: Platform, limit: string): void {
  app.use(browserCors(platform.config.workspaces));
  app.use(writeKeyBeforeBody(platform));
  app.use(json({ limit, inflate: true, type: () => true, verify: rejectInvalidUtf8 }));
  app.use(unreadableKeyBody(platform));
  app.use(bodyErrorHandler('500 KB (after decompression)'));
  app.use(writeKeyFromBody(platform));
}
