import { ValidationFailed } from '@cairn/core';
import { readyMadeJourneys } from '@cairn/journeys-domain';
import { collectRefs, emptyRefKeys, validateWithFound } from './collect-refs';

/** The reference collector and validation against looked-up keys: plain inputs, no services. */
const journey = {
  key: 'j',
  name: 'J',
  entry: { segment: 'dormant', on: 'enter' },
  start: 'check',
  steps: {
    check: {
      type: 'branch',
      if: { any: [{ segment: 'vip' }, { not: { segment: 'loyal' } }, { trait: 'tier', op: 'eq', value: 'gold' }] },
      then: 'remind',
      else: null,
    },
    remind: { type: 'send', channel: 'kakao', template: 'welcome-back', category: 'promotional', coupon: { pool: 'wb' }, next: 'again' },
    again: { type: 'send', channel: 'sms', template: 'welcome-back', category: 'promotional', next: null },
  },
};

const sorted = (s: Set<string>) => [...s].sort();

function fieldsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (error) {
    if (error instanceof ValidationFailed) return error.fields.map((f) => f.path).sort();
    throw error;
  }
  throw new Error('expected a ValidationFailed');
}

describe('collectRefs', () => {
  it('collects every key a journey names, once per kind: entry and branch segments, templates, channels, coupon pools', () => {
    const keys = collectRefs(journey);
    expect(sorted(keys.segments)).toEqual(['dormant', 'loyal', 'vip']);
    expect(sorted(keys.templates)).toEqual(['welcome-back']);
    expect(sorted(keys.channels)).toEqual(['kakao', 'sms']);
    expect(sorted(keys.couponPools)).toEqual(['wb']);
  });

  it('collects the channel and template of a send step’s fallback', () => {
    const withFallback = {
      ...journey,
      steps: {
        ...journey.steps,
        again: { ...journey.steps.again, category: 'transactional', fallback: { channel: 'lms', template: 'welcome-back-lms' } },
      },
    };
    const keys = collectRefs(withFallback);
    expect(sorted(keys.channels)).toEqual(['kakao', 'lms', 'sms']);
    expect(sorted(keys.templates)).toEqual(['welcome-back', 'welcome-back-lms']);
    expect(fieldsOf(() => validateWithFound(withFallback, { channels: new Set(['kakao', 'sms']) }))).toEqual(['steps.again.fallback.channel']);
  });

  it('adds up the keys of several journeys in one set per kind', () => {
    const keys = emptyRefKeys();
    for (const j of readyMadeJourneys()) collectRefs(j, keys);
    expect(sorted(keys.segments)).toEqual(['dormant', 'flagship-hot', 'new']);
    expect(keys.templates.size).toBe(5);
    expect(sorted(keys.channels)).toEqual(['kakao']);
    expect(sorted(keys.couponPools)).toEqual(['flagship-secret', 'welcome-back']);
  });

  it('refuses a journey that is invalid for another reason before anything is looked up', () => {
    expect(fieldsOf(() => collectRefs({ ...journey, start: 'nowhere' }))).toEqual(['start']);
  });
});

describe('validateWithFound', () => {
  it('names the step field of every reference that was looked up and not found', () => {
    const found = { segments: new Set(['dormant']), templates: new Set<string>(), channels: new Set(['kakao']), couponPools: new Set<string>() };
    expect(fieldsOf(() => validateWithFound(journey, found))).toEqual([
      'steps.again.channel',
      'steps.again.template',
      'steps.check.if.any.0.segment',
      'steps.check.if.any.1.not.segment',
      'steps.remind.coupon.pool',
      'steps.remind.template',
    ]);
    expect(fieldsOf(() => validateWithFound({ ...journey, entry: { segment: 'gone', on: 'enter' } }, { segments: new Set(['vip', 'loyal']) }))).toEqual([
      'entry.segment',
    ]);
  });

  it('accepts every key of a kind that was not looked up (its service is not configured)', () => {
    expect(validateWithFound(journey, { couponPools: new Set(['wb']) }).key).toBe('j');
  });
});
