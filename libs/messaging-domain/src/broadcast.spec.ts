import { ValidationFailed } from '@cairn/core';
import { broadcastPace, validateBroadcast } from './broadcast';

const now = new Date('2026-11-03T03:00:00.000Z');
const body = { key: 'spring-sale', segment: 'newsletter', channel: 'email', template: 'spring', category: 'promotional' };

function fields(fn: () => unknown): string[] {
  try {
    fn();
  } catch (error) {
    if (error instanceof ValidationFailed) return error.fields.map((f) => f.path).sort();
    throw error;
  }
  throw new Error('expected a ValidationFailed');
}

describe('broadcasts', () => {
  it('take a key, a segment, a channel, a template and a category; sendAt, ratePerMinute and holdout are optional', () => {
    expect(validateBroadcast(body, now)).toEqual({ ...body, holdout: 0 });
    expect(validateBroadcast({ ...body, sendAt: '2026-11-11T10:00:00+09:00', ratePerMinute: 600, holdout: 0.1 }, now)).toEqual({
      ...body,
      sendAt: new Date('2026-11-11T01:00:00.000Z'),
      ratePerMinute: 600,
      holdout: 0.1,
    });
  });

  it('name every field at fault', () => {
    expect(
      fields(() => validateBroadcast({ key: 'a b', channel: 'email', template: 't', sendAt: 'tomorrow', ratePerMinute: 0, holdout: 0.6, to: 'all' }, now)),
    ).toEqual(['category', 'holdout', 'key', 'ratePerMinute', 'segment', 'sendAt', 'to']);
    expect(fields(() => validateBroadcast({ ...body, sendAt: '2028-01-01T00:00:00Z' }, now))).toEqual(['sendAt']);
  });

  it('pace a step at a second’s worth of the rate, or a whole slice without one', () => {
    expect(broadcastPace(undefined, 500)).toEqual({ size: 500, waitMs: 0 });
    expect(broadcastPace(600, 500)).toEqual({ size: 10, waitMs: 1000 });
    expect(broadcastPace(30, 500)).toEqual({ size: 1, waitMs: 2000 });
    expect(broadcastPace(1_000_000, 500)).toEqual({ size: 500, waitMs: 30 });
  });
});
