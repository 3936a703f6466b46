import { DomainError, ValidationFailed } from '@cairn/core';
import { validateFrequencyPolicy } from './frequency-policy';

const designExample = {
  rules: [
    { scope: 'all', limit: 2, window: '24h', categories: ['promotional'] },
    { scope: 'channel', channel: 'sms', limit: 1, window: '7d' },
    { scope: 'journey', limit: 1, window: 'calendar-day' },
  ],
  whenCapped: 'drop',
  quietHours: { start: '21:00', end: '08:00', categories: ['promotional'] },
  compliance: 'kr-ad-law',
};

function problemsOf(body: unknown): string[] {
  try {
    validateFrequencyPolicy(body);
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationFailed);
    expect((error as DomainError).code).toBe('VALIDATION_FAILED');
    return (error as DomainError).fields.map((f) => f.path);
  }
  throw new Error('expected the policy to be refused');
}

describe('validateFrequencyPolicy', () => {
  it('accepts the design example and fills in default categories', () => {
    const policy = validateFrequencyPolicy(designExample);
    expect(policy.rules).toEqual([
      { scope: 'all', limit: 2, window: '24h', categories: ['promotional'] },
      { scope: 'channel', channel: 'sms', limit: 1, window: '7d', categories: ['promotional'] },
      { scope: 'journey', limit: 1, window: 'calendar-day', categories: ['promotional'] },
    ]);
    expect(policy.whenCapped).toBe('drop');
    expect(policy.quietHours).toEqual({ start: '21:00', end: '08:00', categories: ['promotional'] });
    expect(policy.compliance).toBe('kr-ad-law');
  });

  it('defaults an empty body to no rules, drop, no quiet hours and the given compliance', () => {
    expect(validateFrequencyPolicy({})).toEqual({ rules: [], whenCapped: 'drop', compliance: 'none' });
    expect(validateFrequencyPolicy({}, 'kr-ad-law').compliance).toBe('kr-ad-law');
  });

  it('defaults quiet-hour categories to promotional and accepts null quiet hours', () => {
    expect(validateFrequencyPolicy({ quietHours: { start: '22:00', end: '07:30' } }).quietHours?.categories).toEqual(['promotional']);
    expect(validateFrequencyPolicy({ quietHours: null }).quietHours).toBeUndefined();
  });

  it('accepts windows up to the documented maximum of 366 days', () => {
    for (const window of ['366d', '8784h', '52w', '1ms'])
      expect(validateFrequencyPolicy({ rules: [{ scope: 'all', limit: 1, window }] }).rules[0].window).toBe(window);
  });

  it('names the offending rule field', () => {
    const body = { ...designExample, rules: [...designExample.rules, { scope: 'all', limit: 1, window: '1y' }] };
    expect(problemsOf(body)).toEqual(['rules[3].window']);
  });

  it.each([
    [{ rules: [{ scope: 'everyone', limit: 1, window: '1d' }] }, 'rules[0].scope'],
    [{ rules: [{ scope: 'channel', limit: 1, window: '1d' }] }, 'rules[0].channel'],
    [{ rules: [{ scope: 'all', channel: 'sms', limit: 1, window: '1d' }] }, 'rules[0].channel'],
    [{ rules: [{ scope: 'all', limit: 0, window: '1d' }] }, 'rules[0].limit'],
    [{ rules: [{ scope: 'all', limit: 1.5, window: '1d' }] }, 'rules[0].limit'],
    [{ rules: [{ scope: 'all', limit: '2', window: '1d' }] }, 'rules[0].limit'],
    [{ rules: [{ scope: 'all', limit: 1, window: '0h' }] }, 'rules[0].window'],
    [{ rules: [{ scope: 'all', limit: 1, window: '400d' }] }, 'rules[0].window'],
    [{ rules: [{ scope: 'all', limit: 1, window: '367d' }] }, 'rules[0].window'],
    [{ rules: [{ scope: 'all', limit: 1, window: '53w' }] }, 'rules[0].window'],
    [{ rules: [{ scope: 'all', limit: 1, window: '999999999w' }] }, 'rules[0].window'],
    [{ rules: [{ scope: 'all', limit: 1, window: '8785h' }] }, 'rules[0].window'],
    [{ rules: [{ scope: 'all', limit: 1, window: 'calendar-month' }] }, 'rules[0].window'],
    [{ rules: [{ scope: 'all', limit: 1, window: '1d', categories: [] }] }, 'rules[0].categories'],
    [{ rules: [{ scope: 'all', limit: 1, window: '1d', categories: ['ads'] }] }, 'rules[0].categories[0]'],
    [{ rules: [{ scope: 'all', limit: 1, window: '1d', categories: ['promotional', 'promotional'] }] }, 'rules[0].categories[1]'],
    [{ rules: [{ scope: 'all', limit: 1, windows: '1d', window: '1d' }] }, 'rules[0].windows'],
    [{ rules: ['all'] }, 'rules[0]'],
    [{ rules: {} }, 'rules'],
    [{ whenCapped: 'queue' }, 'whenCapped'],
    [{ quietHours: { start: '9pm', end: '08:00' } }, 'quietHours.start'],
    [{ quietHours: { start: '21:00', end: '24:00' } }, 'quietHours.end'],
    [{ quietHours: { start: '21:00', end: '21:00' } }, 'quietHours.end'],
    [{ compliance: 'gdpr' }, 'compliance'],
    [{ rule: [] }, 'rule'],
  ])('refuses %j at %s', (body, path) => {
    expect(problemsOf(body)).toEqual([path]);
  });

  it('reports every problem at once', () => {
    expect(problemsOf({ rules: [{ scope: 'all', limit: 0, window: 'x' }], whenCapped: 'x' })).toEqual(['rules[0].limit', 'rules[0].window', 'whenCapped']);
  });

  it.each([null, [], 'rules', 3])('refuses a body that is not an object: %p', (body) => {
    expect(problemsOf(body)).toEqual(['']);
  });
});
