import { FieldProblem, ValidationFailed } from '@cairn/core';
import { CompliancePreset, MessageCategory } from './frequency-policy';

/**
 * The consent ledger: per user and channel key, the advertising consent and the
 * separate night-time (21:00-08:00) advertising consent, with when each was
 * last granted (or re-confirmed) and withdrawn.
 */
export interface ConsentFlag {
  granted: boolean;
  /** Last time the user granted or re-confirmed this consent. */
  grantedAt?: Date;
  /** Last time the user withdrew a consent they had granted. */
  withdrawnAt?: Date;
  /** Where the last change came from (`signup-form`, `settings`, ...). */
  source?: string;
}

export interface ChannelConsent {
  advertising?: ConsentFlag;
  night?: ConsentFlag;
}

/** Channel key → consents. */
export type ConsentLedger = Record<string, ChannelConsent>;

/** The `PUT /v1/users/:userId/consents` body. */
export interface ConsentUpdate {
  channels: Record<string, { advertising?: boolean; night?: boolean }>;
  source?: string;
}

export type ConsentReason = 'no_consent' | 'consent_withdrawn' | 'consent_lapsed';
export type ConsentVerdict = { ok: true } | { ok: false; reason: ConsentReason };

export const MAX_CONSENT_CHANNELS = 50;
const KEY_RE = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/;
const CONSENT_KINDS = ['advertising', 'night'] as const;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function validateChannel(key: string, value: unknown, problems: FieldProblem[]): void {
  const path = `channels.${key}`;
  if (!KEY_RE.test(key)) problems.push({ path, message: 'channel keys are letters, digits, "_", "." and "-"' });
  if (!isObject(value)) {
    problems.push({ path, message: 'must be an object such as { "advertising": true, "night": false }' });
    return;
  }
  for (const [field, flag] of Object.entries(value)) {
    if (!(CONSENT_KINDS as readonly string[]).includes(field)) {
      problems.push({ path: `${path}.${field}`, message: 'unknown field; expected "advertising" or "night"' });
    } else if (typeof flag !== 'boolean') {
      problems.push({ path: `${path}.${field}`, message: 'must be true or false' });
    }
  }
}

/** Validates a `PUT /v1/users/:userId/consents` body; throws ValidationFailed with field paths. */
export function validateConsentUpdate(body: unknown): ConsentUpdate {
  if (!isObject(body)) throw new ValidationFailed([{ path: '', message: 'must be a JSON object' }]);
  const problems: FieldProblem[] = [];
  for (const key of Object.keys(body)) {
    if (key !== 'channels' && key !== 'source') problems.push({ path: key, message: 'unknown field' });
  }
  if (!isObject(body.channels)) {
    problems.push({ path: 'channels', message: 'must be an object keyed by channel' });
  } else {
    const entries = Object.entries(body.channels);
    if (entries.length > MAX_CONSENT_CHANNELS) {
      problems.push({ path: 'channels', message: `at most ${MAX_CONSENT_CHANNELS} channels` });
    }
    for (const [key, value] of entries) validateChannel(key, value, problems);
  }
  if (body.source !== undefined && (typeof body.source !== 'string' || body.source.length === 0 || body.source.length > 200)) {
    problems.push({ path: 'source', message: 'must be a string of 1 to 200 characters' });
  }
  if (problems.length > 0) throw new ValidationFailed(problems);
  const update: ConsentUpdate = { channels: body.channels as ConsentUpdate['channels'] };
  if (body.source !== undefined) update.source = body.source as string;
  return update;
}

function applyFlag(previous: ConsentFlag | undefined, granted: boolean, now: Date, source?: string): ConsentFlag {
  const next: ConsentFlag = { ...previous, granted };
  if (granted) next.grantedAt = now;
  else if (previous?.granted) next.withdrawnAt = now;
  if (source !== undefined) next.source = source;
  else delete next.source;
  return next;
}

/**
 * The ledger after `update` at `now`. Granting again re-confirms the consent
 * (its grantedAt moves to now); channels and flags the update leaves out are
 * unchanged. Pure: returns a new ledger.
 */
export function applyConsentUpdate(ledger: ConsentLedger, update: ConsentUpdate, now: Date): ConsentLedger {
  const next: ConsentLedger = { ...ledger };
  for (const [channel, flags] of Object.entries(update.channels)) {
    const current: ChannelConsent = { ...next[channel] };
    for (const kind of CONSENT_KINDS) {
      const granted = flags[kind];
      if (granted !== undefined) current[kind] = applyFlag(current[kind], granted, now, update.source);
    }
    next[channel] = current;
  }
  return next;
}

/**
 * The instant a consent granted at `grantedAt` lapses under the Korean
 * advertising preset: two calendar years later (UTC calendar; a consent given
 * on 29 February lapses on 1 March).
 */
export function consentLapsesAt(grantedAt: Date): Date {
  const lapses = new Date(grantedAt.getTime());
  lapses.setUTCFullYear(lapses.getUTCFullYear() + 2);
  return lapses;
}

/**
 * Whether a consent flag is in force at `now`: granted, not withdrawn, and under
 * `kr-ad-law` granted or re-confirmed no more than two years ago.
 */
export function checkConsentFlag(flag: ConsentFlag | undefined, now: Date, preset: CompliancePreset): ConsentVerdict {
  if (!flag) return { ok: false, reason: 'no_consent' };
  if (!flag.granted) return { ok: false, reason: flag.withdrawnAt ? 'consent_withdrawn' : 'no_consent' };
  if (preset === 'kr-ad-law') {
    if (!flag.grantedAt || now.getTime() > consentLapsesAt(flag.grantedAt).getTime()) {
      return { ok: false, reason: 'consent_lapsed' };
    }
  }
  return { ok: true };
}

/**
 * Whether the user's consents allow a message of `category` on `channel`.
 * Transactional messages need no advertising consent. Promotional messages need
 * advertising consent on that channel key.
 */
export function checkConsent(
  consents: ConsentLedger,
  request: { channel: string; category: MessageCategory },
  now: Date,
  preset: CompliancePreset,
): ConsentVerdict {
  if (request.category === 'transactional') return { ok: true };
  const channel = Object.prototype.hasOwnProperty.call(consents, request.channel) ? consents[request.channel] : undefined;
  return checkConsentFlag(channel?.advertising, now, preset);
}
