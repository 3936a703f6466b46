import { createHmac, timingSafeEqual } from 'node:crypto';
import { StoredChannel } from '../channels/channel.repository';

/** Receipts are signed like Cairn's own webhooks: `t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>`. */
export const RECEIPT_SIGNATURE_HEADER = 'x-cairn-signature';
/** How far a signature's time may be from ours (replays older than this are refused). */
export const SIGNATURE_TOLERANCE_S = 300;

/** The key a channel's receipts are signed with: a webhook's `secret`, any other channel's `signingSecret`; none for a log channel. */
export function receiptSecretOf(channel: StoredChannel): string | undefined {
  const secret = channel.type === 'webhook' ? channel.config.secret : channel.config.signingSecret;
  return typeof secret === 'string' && secret.length > 0 ? secret : undefined;
}

/** Whether `header` signs `body` with `secret` at a time within the tolerance of `now`. */
export function signatureMatches(secret: string, header: string | undefined, body: Buffer, now: Date): boolean {
  const parts = new Map((header ?? '').split(',').map((part) => part.trim().split('=', 2) as [string, string]));
  const t = Number(parts.get('t'));
  const given = parts.get('v1') ?? '';
  if (!Number.isInteger(t) || Math.abs(now.getTime() / 1000 - t) > SIGNATURE_TOLERANCE_S || !/^[0-9a-f]{64}$/.test(given)) return false;
  const expected = createHmac('sha256', secret).update(`${t}.`).update(body).digest();
  return timingSafeEqual(expected, Buffer.from(given, 'hex'));
}
