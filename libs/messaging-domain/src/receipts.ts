import { FieldProblem, ValidationFailed } from '@cairn/core';

/**
 * Delivery receipts: what a provider learned about a message after it
 * accepted it. A message moves on from SENT to the furthest status its
 * receipts reached (a soft bounce, then DELIVERED, OPENED, CLICKED; a hard
 * bounce or a complaint past them all); each kind keeps its first time.
 */
export type ReceiptKind = 'DELIVERED' | 'BOUNCED' | 'OPENED' | 'CLICKED' | 'COMPLAINED';
export const RECEIPT_KINDS: readonly ReceiptKind[] = ['DELIVERED', 'BOUNCED', 'OPENED', 'CLICKED', 'COMPLAINED'];

export interface Receipt {
  /** The message: its id (`id` in a webhook's body), or the idempotency key its provider got. */
  messageId?: string;
  idempotencyKey?: string;
  status: ReceiptKind;
  /** BOUNCED: `hard` (the address is gone: it is suppressed on the channel) or `soft` (for now). */
  bounce?: 'hard' | 'soft';
  at: Date;
}

/** Receipts in one call. */
export const MAX_RECEIPTS = 500;
/** How far ahead of our clock a receipt's time may be. */
const FUTURE_SKEW_MS = 5 * 60_000;
const EARLIEST = Date.UTC(2000, 0, 1);
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** How far a status is along: a message's status moves only forward. */
export function receiptRank(status: string, bounce?: string | null): number {
  switch (status) {
    case 'BOUNCED':
      return bounce === 'hard' ? 5 : 1;
    case 'DELIVERED':
      return 2;
    case 'OPENED':
      return 3;
    case 'CLICKED':
      return 4;
    case 'COMPLAINED':
      return 6;
    default:
      return 0;
  }
}

/** Whether this receipt makes the message's address one not to send to again on its channel. */
export function suppressesAddress(receipt: Pick<Receipt, 'status' | 'bounce'>): boolean {
  return receipt.status === 'COMPLAINED' || (receipt.status === 'BOUNCED' && receipt.bounce === 'hard');
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function validateOne(raw: unknown, path: string, now: Date, p: FieldProblem[]): Receipt | undefined {
  if (!isObject(raw)) {
    p.push({ path, message: 'must be an object such as { "messageId": …, "status": "DELIVERED", "at": … }' });
    return undefined;
  }
  for (const key of Object.keys(raw)) {
    if (!['messageId', 'idempotencyKey', 'status', 'bounce', 'at'].includes(key)) p.push({ path: `${path}.${key}`, message: 'unknown field' });
  }
  const { messageId, idempotencyKey, status, bounce, at } = raw;
  if (messageId !== undefined && (typeof messageId !== 'string' || !UUID_RE.test(messageId)))
    p.push({ path: `${path}.messageId`, message: 'must be a message id' });
  if (idempotencyKey !== undefined && (typeof idempotencyKey !== 'string' || idempotencyKey.length === 0 || idempotencyKey.length > 300)) {
    p.push({ path: `${path}.idempotencyKey`, message: 'must be the idempotency key the provider got' });
  }
  if (messageId === undefined && idempotencyKey === undefined) p.push({ path: `${path}.messageId`, message: 'give messageId or idempotencyKey' });
  if (!RECEIPT_KINDS.includes(status as ReceiptKind)) p.push({ path: `${path}.status`, message: `must be one of ${RECEIPT_KINDS.join(', ')}` });
  if (status === 'BOUNCED' ? bounce !== 'hard' && bounce !== 'soft' : bounce !== undefined) {
    p.push({ path: `${path}.bounce`, message: 'is "hard" or "soft" for BOUNCED, and absent otherwise' });
  }
  const time = at === undefined ? now : typeof at === 'string' ? new Date(at) : new Date(NaN);
  if (Number.isNaN(time.getTime()) || time.getTime() < EARLIEST || time.getTime() > now.getTime() + FUTURE_SKEW_MS) {
    p.push({ path: `${path}.at`, message: 'must be an ISO time, not before 2000 nor more than 5 minutes ahead' });
  }
  const receipt: Receipt = { status: status as ReceiptKind, at: time };
  if (typeof messageId === 'string') receipt.messageId = messageId;
  if (typeof idempotencyKey === 'string') receipt.idempotencyKey = idempotencyKey;
  if (bounce === 'hard' || bounce === 'soft') receipt.bounce = bounce;
  return receipt;
}

/** Validates a `POST /v1/channels/:key/receipts` body `{ receipts: [...] }`; throws ValidationFailed naming every field at fault. */
export function validateReceipts(body: unknown, now: Date): Receipt[] {
  if (!isObject(body) || !Array.isArray(body.receipts)) throw new ValidationFailed([{ path: 'receipts', message: 'must be an array of receipts' }]);
  const p: FieldProblem[] = [];
  for (const key of Object.keys(body)) if (key !== 'receipts') p.push({ path: key, message: 'unknown field' });
  if (body.receipts.length === 0 || body.receipts.length > MAX_RECEIPTS) p.push({ path: 'receipts', message: `must hold 1 to ${MAX_RECEIPTS} receipts` });
  const receipts = body.receipts.slice(0, MAX_RECEIPTS).map((raw, i) => validateOne(raw, `receipts[${i}]`, now, p));
  if (p.length > 0) throw new ValidationFailed(p);
  return receipts as Receipt[];
}
