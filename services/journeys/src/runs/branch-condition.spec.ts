import { answerCondition } from './branch-condition';

const user = { traits: { tier: 'gold', orders: 3, city: 'Seoul' }, segments: ['loyal'] };

describe('answerCondition', () => {
  it.each([
    [{ segment: 'loyal' }, true],
    [{ segment: 'dormant' }, false],
    [{ trait: 'tier', op: 'eq', value: 'gold' }, true],
    [{ trait: 'orders', op: 'gte', value: 5 }, false],
    [{ trait: 'city', op: 'in', value: ['Busan', 'Seoul'] }, true],
    [{ trait: 'email', op: 'exists' }, false],
    [{ trait: 'email', op: 'exists', value: false }, true],
    [{ not: { trait: 'tier', op: 'eq', value: 'gold' } }, false],
    [{ all: [{ segment: 'loyal' }, { trait: 'orders', op: 'gt', value: 2 }] }, true],
    [{ any: [{ segment: 'dormant' }, { trait: 'orders', op: 'lt', value: 1 }] }, false],
  ])('answers %j from memberships and traits: %s', (condition, expected) => {
    expect(answerCondition(condition, user)).toBe(expected);
  });

  it('leaves event conditions unknown unless the rest of the group settles the answer', () => {
    const viewed = { event: 'Product Viewed', within: '7d' };
    expect(answerCondition(viewed, user)).toBeUndefined();
    expect(answerCondition({ not: viewed }, user)).toBeUndefined();
    expect(answerCondition({ any: [viewed, { segment: 'loyal' }] }, user)).toBe(true);
    expect(answerCondition({ all: [viewed, { segment: 'dormant' }] }, user)).toBe(false);
    expect(answerCondition({ all: [viewed, { segment: 'loyal' }] }, user)).toBeUndefined();
  });
});
