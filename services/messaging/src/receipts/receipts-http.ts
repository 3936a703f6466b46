import { bodyErrorHandler, rejectUnsafeBody } from '@cairn/runtime';
import { INestApplication } from '@nestjs/common';
import { json } from 'express';
import type { IncomingMessage } from 'node:http';

const LIMIT = '100kb';
const RECEIPTS_PATH = /^\/v1\/channels\/[^/?]+\/receipts(\?|$)/;

/**
 * Messaging's body parsing: every service's (JSON up to 100 KB, its errors'
 * codes, the unsafe-shape checks), and for `/v1/channels/:key/receipts` the
 * raw bytes kept beside the parsed body, since the receipts' signature covers
 * the bytes as they came.
 */
export function configureMessagingHttp(app: INestApplication): void {
  const keepRaw = (req: IncomingMessage, _res: unknown, buffer: Buffer) => {
    if (RECEIPTS_PATH.test(req.url ?? '')) (req as IncomingMessage & { rawBody?: Buffer }).rawBody = buffer;
  };
  app.use(json({ limit: LIMIT, verify: keepRaw }), bodyErrorHandler(LIMIT), rejectUnsafeBody);
}
