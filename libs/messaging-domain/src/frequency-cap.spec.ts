import { parseDuration } from '@cairn/core';
import { checkFrequency, relevantHistoryWindow, SentRecord } from './frequency-cap';
import { FrequencyPolicy, FrequencyRule } from './frequency-policy';

const HOUR = 3_600_000;
const SEOUL = 'Asia/Seoul';
const promo = { channel: 'sms', journeyId: 'j1', category: 'promotional' as const };

function policyOf(...rules: Partial<FrequencyRule>[]): FrequencyPolicy {
  return {
    rules: rules.map((r) => ({ scope: 'all', limit: 1, window: '24h', categories: ['promotional'], ...r }) as FrequencyRule),
    whenCapped: 'drop',
    compliance: 'none',
  };
}

function sentAt(iso: string, over: Partial<SentRecord> = {}): SentRecord {
  return { at: new Date(iso), channel: 'sms', journeyId: 'j1', category: 'promotional', ...over };
}

describe('checkFrequency, rolling windows', () => {
  const policy = policyOf({ limit: 3, window: '24h' });
  const now = new Date('2026-05-02T09:00:00Z');
  const three = [sentAt('2026-05-01T12:00:00Z'), sentAt('2026-05-01T18:00:00Z'), sentAt('2026-05-02T08:00:00Z')];

  it('allows the third promotional message of a 3 per 24h cap', () => {
    expect(checkFrequency(policy, promo, three.slice(1), now, SEOUL)).toEqual({ allowed: true });
  });

  it('caps the fourth with retryAt = oldest counted send + 24h', () => {
    expect(checkFrequency(policy, promo, three, now, SEOUL)).toEqual({
      allowed: false,
      ruleIndex: 0,
      reason: 'frequency_cap',
      retryAt: new Date('2026-05-02T12:00:00Z'),
    });
  });

  it('frees exactly at oldest + window and not 1 ms before', () => {
    expect(checkFrequency(policy, promo, three, new Date('2026-05-02T11:59:59.999Z'), SEOUL).allowed).toBe(false);
    expect(checkFrequency(policy, promo, three, new Date('2026-05-02T12:00:00Z'), SEOUL).allowed).toBe(true);
  });

  it('lets a transactional message pass a full cap', () => {
    expect(checkFrequency(policy, { ...promo, category: 'transactional' }, three, now, SEOUL)).toEqual({ allowed: true });
  });

  it('does not count transactional sends against a promotional cap', () => {
    const mixed = three.map((s, i) => (i === 0 ? { ...s, category: 'transactional' as const } : s));
    expect(checkFrequency(policy, promo, mixed, now, SEOUL).allowed).toBe(true);
  });

  it('caps transactional messages when a rule lists them', () => {
    const strict = policyOf({ limit: 3, window: '24h', categories: ['promotional', 'transactional'] });
    expect(checkFrequency(strict, { ...promo, category: 'transactional' }, three, now, SEOUL).allowed).toBe(false);
  });

  it('frees when the send that must fall out does when there are more sends than the limit', () => {
    // A policy lowered to 2 after 3 sends: the second-oldest must leave the window too.
    const lowered = policyOf({ limit: 2, window: '24h' });
    const verdict = checkFrequency(lowered, promo, three, now, SEOUL);
    expect(verdict).toMatchObject({ allowed: false, retryAt: new Date('2026-05-02T18:00:00Z') });
  });
});

describe('checkFrequency, scopes', () => {
  const now = new Date('2026-05-02T09:00:00Z');

  it('counts only the rule channel for a channel rule, and ignores other channels', () => {
    const policy = policyOf({ scope: 'channel', channel: 'sms', limit: 1, window: '7d' });
    const sent = [sentAt('2026-04-30T09:00:00Z', { channel: 'email' })];
    expect(checkFrequency(policy, promo, sent, now, SEOUL).allowed).toBe(true);
    const smsSent = [sentAt('2026-04-30T09:00:00Z')];
    expect(checkFrequency(policy, promo, smsSent, now, SEOUL)).toMatchObject({
      allowed: false,
      retryAt: new Date('2026-05-07T09:00:00Z'),
    });
    expect(checkFrequency(policy, { ...promo, channel: 'email' }, smsSent, now, SEOUL).allowed).toBe(true);
  });

  it('counts each journey separately for a journey rule', () => {
    const policy = policyOf({ scope: 'journey', limit: 1, window: '24h' });
    const sent = [sentAt('2026-05-02T08:00:00Z', { journeyId: 'j1' })];
    expect(checkFrequency(policy, promo, sent, now, SEOUL).allowed).toBe(false);
    expect(checkFrequency(policy, { ...promo, journeyId: 'j2' }, sent, now, SEOUL).allowed).toBe(true);
    expect(checkFrequency(policy, { ...promo, journeyId: null }, sent, now, SEOUL).allowed).toBe(true);
  });

  it('counts every channel and journey for an all rule', () => {
    const policy = policyOf({ scope: 'all', limit: 2, window: '24h' });
    const sent = [sentAt('2026-05-02T01:00:00Z', { channel: 'email', journeyId: 'j9' }), sentAt('2026-05-02T02:00:00Z', { channel: 'push', journeyId: null })];
    expect(checkFrequency(policy, promo, sent, now, SEOUL).allowed).toBe(false);
  });

  it('names the rule that frees last when several are capped', () => {
    const policy = policyOf({ scope: 'all', limit: 1, window: '1h' }, { scope: 'channel', channel: 'sms', limit: 1, window: '7d' });
    const verdict = checkFrequency(policy, promo, [sentAt('2026-05-02T08:30:00Z')], now, SEOUL);
    expect(verdict).toEqual({ allowed: false, ruleIndex: 1, reason: 'frequency_cap', retryAt: new Date('2026-05-09T08:30:00Z') });
  });
});

describe('checkFrequency, calendar windows', () => {
  const daily = policyOf({ limit: 1, window: 'calendar-day' });

  it('resets calendar-day at local midnight in Seoul, not at UTC midnight', () => {
    // Sent 2026-05-01 10:00 KST. At 23:59:59.999 KST still capped; at 00:00 KST free.
    const sent = [sentAt('2026-05-01T01:00:00Z')];
    const beforeMidnightKst = new Date('2026-05-01T14:59:59.999Z');
    expect(checkFrequency(daily, promo, sent, beforeMidnightKst, SEOUL)).toEqual({
      allowed: false,
      ruleIndex: 0,
      reason: 'frequency_cap',
      retryAt: new Date('2026-05-01T15:00:00Z'),
    });
    expect(checkFrequency(daily, promo, sent, new Date('2026-05-01T15:00:00Z'), SEOUL).allowed).toBe(true);
  });

  it('does not reset at UTC midnight for a Seoul user', () => {
    // Sent 2026-05-01 23:30 UTC = 2026-05-02 08:30 KST; at 2026-05-02 01:00 UTC (10:00 KST) the same local day.
    const sent = [sentAt('2026-05-01T23:30:00Z')];
    expect(checkFrequency(daily, promo, sent, new Date('2026-05-02T01:00:00Z'), SEOUL).allowed).toBe(false);
    expect(checkFrequency(daily, promo, sent, new Date('2026-05-02T01:00:00Z'), 'UTC').allowed).toBe(true);
  });

  it('resets calendar-week on Monday 00:00 local time', () => {
    const weekly = policyOf({ limit: 1, window: 'calendar-week' });
    const sent = [sentAt('2026-05-04T03:00:00Z')]; // Monday 12:00 KST
    const sundayNight = new Date('2026-05-10T14:59:59.999Z'); // Sunday 23:59:59.999 KST
    expect(checkFrequency(weekly, promo, sent, sundayNight, SEOUL)).toMatchObject({
      allowed: false,
      retryAt: new Date('2026-05-10T15:00:00Z'),
    });
    expect(checkFrequency(weekly, promo, sent, new Date('2026-05-10T15:00:00Z'), SEOUL).allowed).toBe(true);
  });

  it('frees at local midnight across a DST change in New York', () => {
    const sent = [sentAt('2026-03-08T15:00:00Z')];
    const verdict = checkFrequency(daily, promo, sent, new Date('2026-03-08T20:00:00Z'), 'America/New_York');
    expect(verdict).toMatchObject({ allowed: false, retryAt: new Date('2026-03-09T04:00:00Z') });
  });
});

describe('relevantHistoryWindow', () => {
  it('is the longest window a rule looks back over', () => {
    expect(relevantHistoryWindow(policyOf({ window: '24h' }, { window: '7d' }))).toBe(parseDuration('7d'));
    expect(relevantHistoryWindow(policyOf({ window: '1h' }, { window: 'calendar-day' }))).toBeGreaterThanOrEqual(25 * HOUR);
    expect(relevantHistoryWindow(policyOf({ window: 'calendar-week' }))).toBeGreaterThanOrEqual(169 * HOUR);
  });

  it('is 0 without rules', () => {
    expect(relevantHistoryWindow({ rules: [], whenCapped: 'drop', compliance: 'none' })).toBe(0);
  });
});
