import { FieldProblem, ValidationFailed } from '@cairn/core';
import { MESSAGE_CATEGORIES, MessageCategory } from './frequency-policy';

/**
 * `POST /v1/broadcasts`: one message to every member of a segment at send
 * time, exactly once per member, through the same decisions as any send
 * (consent, quiet hours, caps by category). `sendAt` (default now) starts it;
 * `ratePerMinute` paces it; a `holdout` share of the members (deterministic
 * per broadcast and user) is kept out, to measure what the message did.
 */
export interface BroadcastDefinition {
  key: string;
  segment: string;
  channel: string;
  template: string;
  category: MessageCategory;
  sendAt?: Date;
  ratePerMinute?: number;
  holdout: number;
}

export const MAX_RATE_PER_MINUTE = 1_000_000;
/** How far ahead a broadcast may be scheduled. */
export const MAX_SCHEDULE_AHEAD_MS = 366 * 86_400_000;
export const MAX_BROADCAST_HOLDOUT = 0.5;

const KEY_RE = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/;
const FIELDS = ['key', 'segment', 'channel', 'template', 'category', 'sendAt', 'ratePerMinute', 'holdout'];

function key(value: unknown, path: string, p: FieldProblem[]): string {
  if (typeof value !== 'string' || !KEY_RE.test(value)) p.push({ path, message: 'must be 1 to 100 letters, digits, "_", "." or "-"' });
  return String(value);
}

function sendAt(value: unknown, now: Date, p: FieldProblem[]): Date | undefined {
  if (value === undefined) return undefined;
  const at = typeof value === 'string' ? new Date(value) : new Date(NaN);
  if (Number.isNaN(at.getTime()) || !/^\d{4}-\d{2}-\d{2}T/.test(String(value))) {
    p.push({ path: 'sendAt', message: 'must be an ISO time such as 2026-11-11T10:00:00+09:00' });
  } else if (at.getTime() > now.getTime() + MAX_SCHEDULE_AHEAD_MS) {
    p.push({ path: 'sendAt', message: 'must be within 366 days' });
  }
  return at;
}

/** Validates a `POST /v1/broadcasts` body; throws ValidationFailed naming every field at fault. */
export function validateBroadcast(body: unknown, now: Date): BroadcastDefinition {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new ValidationFailed([{ path: '', message: 'must be a JSON object' }]);
  const b = body as Record<string, unknown>;
  const p: FieldProblem[] = [];
  for (const field of Object.keys(b)) if (!FIELDS.includes(field)) p.push({ path: field, message: 'unknown field' });
  const definition: BroadcastDefinition = {
    key: key(b.key, 'key', p),
    segment: key(b.segment, 'segment', p),
    channel: key(b.channel, 'channel', p),
    template: key(b.template, 'template', p),
    category: b.category as MessageCategory,
    holdout: 0,
  };
  if (!MESSAGE_CATEGORIES.includes(b.category as MessageCategory)) p.push({ path: 'category', message: 'is required: "promotional" or "transactional"' });
  const at = sendAt(b.sendAt, now, p);
  if (at) definition.sendAt = at;
  const rate = b.ratePerMinute;
  if (rate !== undefined) {
    if (typeof rate !== 'number' || !Number.isInteger(rate) || rate < 1 || rate > MAX_RATE_PER_MINUTE) {
      p.push({ path: 'ratePerMinute', message: `must be an integer from 1 to ${MAX_RATE_PER_MINUTE}` });
    } else definition.ratePerMinute = rate;
  }
  const holdout = b.holdout;
  if (holdout !== undefined) {
    if (typeof holdout !== 'number' || !(holdout >= 0 && holdout <= MAX_BROADCAST_HOLDOUT)) {
      p.push({ path: 'holdout', message: `must be a share from 0 to ${MAX_BROADCAST_HOLDOUT}` });
    } else definition.holdout = holdout;
  }
  if (p.length > 0) throw new ValidationFailed(p);
  return definition;
}

/**
 * How many members one step of a broadcast requests, and how long until the
 * next step: a second's worth at `ratePerMinute` (at least one), else a full
 * slice at once.
 */
export function broadcastPace(ratePerMinute: number | undefined, slice: number): { size: number; waitMs: number } {
  if (!ratePerMinute) return { size: slice, waitMs: 0 };
  const size = Math.max(1, Math.min(slice, Math.ceil(ratePerMinute / 60)));
  return { size, waitMs: Math.round((size * 60_000) / ratePerMinute) };
}
