import { decideBranch } from './branch-condition';

const user = { traits: { tier: 'gold', orders: 3, city: 'Seoul', address: { zip: '04524' } }, segments: ['loyal'] };
const NOW = Date.UTC(2026, 2, 2);

describe('decideBranch', () => {
  it.each([
    [{ segment: 'loyal' }, true],
    [{ segment: 'dormant' }, false],
    [{ trait: 'tier', op: 'eq', value: 'gold' }, true],
    [{ trait: 'orders', op: 'gte', value: 5 }, false],
    [{ trait: 'city', op: 'in', value: ['Busan', 'Seoul'] }, true],
    [{ trait: 'email', op: 'exists' }, false],
    [{ trait: 'email', op: 'exists', value: false }, true],
    [{ trait: 'address.zip', op: 'eq', value: '04524' }, true],
    [{ not: { trait: 'tier', op: 'eq', value: 'gold' } }, false],
    [{ all: [{ segment: 'loyal' }, { trait: 'orders', op: 'gt', value: 2 }] }, true],
    [{ any: [{ segment: 'dormant' }, { trait: 'orders', op: 'lt', value: 1 }] }, false],
  ])('answers %j from memberships and traits: %s', (condition, expected) => {
    expect(decideBranch(condition, user, NOW)).toBe(expected);
  });

  it('treats an event leaf of an older version as unknown: else, unless the rest of the group settles the answer', () => {
    const viewed = { event: 'Product Viewed', within: '7d' };
    const lastOrder = { event: 'Order Completed', lastAt: { olderThan: '30d' } };
    expect(decideBranch(viewed, user, NOW)).toBe(false);
    expect(decideBranch({ not: viewed }, user, NOW)).toBe(false);
    expect(decideBranch({ not: lastOrder }, user, NOW)).toBe(false);
    expect(decideBranch({ any: [viewed, { segment: 'loyal' }] }, user, NOW)).toBe(true);
    expect(decideBranch({ all: [viewed, { segment: 'dormant' }] }, user, NOW)).toBe(false);
    expect(decideBranch({ all: [viewed, { segment: 'loyal' }] }, user, NOW)).toBe(false);
    expect(decideBranch({ not: { all: [viewed, { segment: 'dormant' }] } }, user, NOW)).toBe(true);
    expect(decideBranch({ not: { any: [{ not: viewed }, { segment: 'dormant' }] } }, user, NOW)).toBe(false);
  });
});
