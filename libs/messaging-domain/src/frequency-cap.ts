import { addLocalDays, parseDuration, startOfLocalDay, startOfLocalWeek } from '@cairn/core';
import { FrequencyPolicy, FrequencyRule, isCalendarWindow, MessageCategory } from './frequency-policy';

/** The message about to be sent, as the caps see it. */
export interface CapRequest {
  /** Channel key (`sms`, `kakao`, ...). */
  channel: string;
  /** The journey that asked for the send; null or absent for sends outside a journey. */
  journeyId?: string | null;
  category: MessageCategory;
}

/** One of the user's earlier sends that caps count (status SENT or SENDING). */
export interface SentRecord {
  at: Date;
  channel: string;
  journeyId?: string | null;
  category: MessageCategory;
}

export type FrequencyVerdict = { allowed: true } | { allowed: false; ruleIndex: number; reason: 'frequency_cap'; retryAt: Date };

interface WindowBounds {
  /** Sends at or after this instant count (inclusive). */
  from: number;
  /** When the window frees, given the counted sends oldest first and the limit. */
  freesAt(counted: number[], limit: number): Date;
}

const CALENDAR_HISTORY_MS: Record<string, number> = {
  // A local day lasts at most 25 hours and a local week 169; a little margin on top.
  'calendar-day': parseDuration('2d'),
  'calendar-week': parseDuration('8d'),
};

function windowBounds(window: string, now: Date, tz: string): WindowBounds {
  if (window === 'calendar-day') {
    const start = startOfLocalDay(now, tz);
    const next = startOfLocalDay(addLocalDays(start, 1, tz), tz);
    return { from: start.getTime(), freesAt: () => next };
  }
  if (window === 'calendar-week') {
    const start = startOfLocalWeek(now, tz);
    const next = startOfLocalWeek(addLocalDays(start, 7, tz), tz);
    return { from: start.getTime(), freesAt: () => next };
  }
  const length = parseDuration(window);
  // Rolling window (now - length, now]: a send exactly `length` ago no longer counts,
  // so the window frees at (the send that must fall out) + length.
  return {
    from: now.getTime() - length + 1,
    freesAt: (counted, limit) => new Date(counted[counted.length - limit] + length),
  };
}

/** Whether `rule` governs `request` at all. */
export function ruleApplies(rule: FrequencyRule, request: CapRequest): boolean {
  if (!rule.categories.includes(request.category)) return false;
  if (rule.scope === 'channel') return request.channel === rule.channel;
  if (rule.scope === 'journey') return request.journeyId != null && request.journeyId !== '';
  return true;
}

function counts(rule: FrequencyRule, request: CapRequest, record: SentRecord): boolean {
  if (!rule.categories.includes(record.category)) return false;
  if (rule.scope === 'channel') return record.channel === rule.channel;
  if (rule.scope === 'journey') return record.journeyId === request.journeyId;
  return true;
}

function checkRule(rule: FrequencyRule, request: CapRequest, sent: SentRecord[], now: Date, tz: string): Date | null {
  const bounds = windowBounds(rule.window, now, tz);
  const counted = sent
    .filter((record) => counts(rule, request, record))
    .map((record) => record.at.getTime())
    .filter((at) => at >= bounds.from)
    .sort((a, b) => a - b);
  if (counted.length < rule.limit) return null;
  return bounds.freesAt(counted, rule.limit);
}

/**
 * Checks `request` against every rule of `policy` that applies to it, counting
 * the user's earlier sends in `sent`. Rolling windows cover (now - window, now];
 * calendar windows cover the user's current local day or week (Monday start) in
 * `tz`. A rule applies only to the categories it lists, so transactional
 * messages pass unless a rule lists "transactional"; a journey-scoped rule
 * counts each journey separately and does not apply to sends outside journeys.
 *
 * When capped, the verdict names the binding rule: the one that frees last, so
 * a re-check at `retryAt` passes every rule capped now.
 */
export function checkFrequency(policy: FrequencyPolicy, request: CapRequest, sent: SentRecord[], now: Date, tz: string): FrequencyVerdict {
  let binding: { ruleIndex: number; retryAt: Date } | null = null;
  for (const [ruleIndex, rule] of policy.rules.entries()) {
    if (!ruleApplies(rule, request)) continue;
    const retryAt = checkRule(rule, request, sent, now, tz);
    if (retryAt && (!binding || retryAt.getTime() > binding.retryAt.getTime())) binding = { ruleIndex, retryAt };
  }
  if (!binding) return { allowed: true };
  return { allowed: false, ruleIndex: binding.ruleIndex, reason: 'frequency_cap', retryAt: binding.retryAt };
}

/**
 * How far back (in milliseconds before now) the service must load a user's
 * sends for `checkFrequency` to see everything it counts; 0 without rules.
 */
export function relevantHistoryWindow(policy: FrequencyPolicy): number {
  return policy.rules.reduce((longest, rule) => {
    const ms = isCalendarWindow(rule.window) ? CALENDAR_HISTORY_MS[rule.window] : parseDuration(rule.window);
    return Math.max(longest, ms);
  }, 0);
}
