import { FieldProblem, ValidationFailed } from '@cairn/core';
import { MESSAGE_CATEGORIES, MessageCategory } from './frequency-policy';

/**
 * `POST /v1/send`: one message to one user, outside any journey. `data`
 * reaches the template as `data` (`{{ data.orderId }}`); `to` gives the
 * recipient's address when the request knows it better than the user's
 * traits; `fallback` is where the message goes when the channel's provider
 * answers that the recipient cannot receive it (AlimTalk → SMS/LMS).
 */
export interface SendMessageRequest {
  userId: string;
  channel: string;
  template: string;
  /** Absent: the template's category. */
  category?: MessageCategory;
  data: Record<string, unknown>;
  to?: Recipient;
  fallback?: { channel: string; template: string };
}

/** Addresses a send may name instead of the user's traits of the same name. */
export interface Recipient {
  email?: string;
  phone?: string;
  pushToken?: string;
}

const KEY_RE = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/;
const CONTROL_RE = /[\u0000-\u001f\u007f\u2028\u2029]/;
const FIELDS = ['userId', 'channel', 'template', 'category', 'data', 'to', 'fallback'];
const RECIPIENT_CHECKS: Record<keyof Recipient, { ok: (v: string) => boolean; message: string }> = {
  email: { ok: (v) => v.length <= 254 && /^[^\s@]+@[^\s@]+$/.test(v), message: 'must be an email address' },
  phone: { ok: (v) => /^\+?[0-9][0-9 -]{5,30}$/.test(v), message: 'must be a phone number such as 01012345678 or +821012345678' },
  pushToken: { ok: (v) => v.length > 0 && v.length <= 4096 && !CONTROL_RE.test(v), message: 'must be a push token of at most 4096 characters' },
};

/** Longest Idempotency-Key accepted. */
export const MAX_IDEMPOTENCY_KEY = 200;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function key(value: unknown, path: string, p: FieldProblem[]): string {
  if (typeof value !== 'string' || !KEY_RE.test(value)) p.push({ path, message: 'must be 1 to 100 letters, digits, "_", "." or "-"' });
  return String(value);
}

function validateRecipient(value: unknown, p: FieldProblem[]): Recipient | undefined {
  if (value === undefined) return undefined;
  if (!isObject(value)) {
    p.push({ path: 'to', message: 'must be an object such as { "email": "minji@example.com" }' });
    return undefined;
  }
  const to: Recipient = {};
  for (const [field, raw] of Object.entries(value)) {
    const check = RECIPIENT_CHECKS[field as keyof Recipient];
    if (!check) p.push({ path: `to.${field}`, message: 'unknown field (use email, phone or pushToken)' });
    else if (typeof raw !== 'string' || !check.ok(raw)) p.push({ path: `to.${field}`, message: check.message });
    else to[field as keyof Recipient] = raw;
  }
  return to;
}

function validateFallback(value: unknown, p: FieldProblem[]): SendMessageRequest['fallback'] {
  if (value === undefined) return undefined;
  if (!isObject(value)) {
    p.push({ path: 'fallback', message: 'must be { "channel": key, "template": key }' });
    return undefined;
  }
  for (const field of Object.keys(value)) if (field !== 'channel' && field !== 'template') p.push({ path: `fallback.${field}`, message: 'unknown field' });
  return { channel: key(value.channel, 'fallback.channel', p), template: key(value.template, 'fallback.template', p) };
}

/** Validates a `POST /v1/send` body; throws ValidationFailed naming every field at fault. */
export function validateSendRequest(body: unknown): SendMessageRequest {
  if (!isObject(body)) throw new ValidationFailed([{ path: '', message: 'must be a JSON object' }]);
  const p: FieldProblem[] = [];
  for (const field of Object.keys(body)) if (!FIELDS.includes(field)) p.push({ path: field, message: 'unknown field' });
  const userId = body.userId;
  if (typeof userId !== 'string' || userId.length === 0 || userId.length > 256 || CONTROL_RE.test(userId)) {
    p.push({ path: 'userId', message: 'is required: 1 to 256 characters without control characters' });
  }
  const request: SendMessageRequest = {
    userId: String(userId),
    channel: key(body.channel, 'channel', p),
    template: key(body.template, 'template', p),
    data: {},
  };
  if (body.category !== undefined) {
    if (!MESSAGE_CATEGORIES.includes(body.category as MessageCategory)) p.push({ path: 'category', message: 'must be "promotional" or "transactional"' });
    else request.category = body.category as MessageCategory;
  }
  if (body.data !== undefined && !isObject(body.data)) p.push({ path: 'data', message: 'must be an object; templates see it as `data`' });
  else if (body.data !== undefined) request.data = body.data;
  const to = validateRecipient(body.to, p);
  if (to) request.to = to;
  const fallback = validateFallback(body.fallback, p);
  if (fallback) request.fallback = fallback;
  if (p.length > 0) throw new ValidationFailed(p);
  return request;
}

/** The `Idempotency-Key` header: required, 1 to 200 visible ASCII characters; throws ValidationFailed naming it. */
export function validateIdempotencyKey(value: unknown): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_IDEMPOTENCY_KEY || !/^[\x21-\x7e]+$/.test(value)) {
    throw new ValidationFailed([
      {
        path: 'Idempotency-Key',
        message: `the header is required: 1 to ${MAX_IDEMPOTENCY_KEY} visible ASCII characters, the same for every retry of one message`,
      },
    ]);
  }
  return value;
}
