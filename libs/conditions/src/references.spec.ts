import type { Condition } from './condition.types';
import { referencedEvents, referencedSegments, referencedTraits, retentionFor } from './references';
import { DAY } from './spec-helpers';

const condition: Condition = {
  all: [
    { event: 'Product Viewed', where: { productId: { eq: 'P-100' } }, count: { min: 3 }, within: '7d' },
    { not: { any: [{ event: 'Order Completed', within: '7d' }, { segment: 'vip' }] } },
    { trait: 'tier', op: 'neq', value: 'gold' },
    { event: 'Signed In', lastAt: { olderThan: '30d' } },
  ],
};

describe('references', () => {
  it('collects event names, traits and segments from every depth', () => {
    expect([...referencedEvents(condition)].sort()).toEqual(['Order Completed', 'Product Viewed', 'Signed In']);
    expect([...referencedTraits(condition)]).toEqual(['tier']);
    expect([...referencedSegments(condition)]).toEqual(['vip']);
  });
});

describe('retentionFor', () => {
  it('keeps the largest need per event name across conditions', () => {
    const other: Condition = { event: 'Product Viewed', within: '30d' };
    expect(retentionFor([condition, other])).toEqual({
      'Product Viewed': 30 * DAY,
      'Order Completed': 7 * DAY,
      'Signed In': 0,
    });
  });

  it('needs nothing beyond totals for unfiltered ever counts and recency', () => {
    expect(retentionFor([{ event: 'A' }, { event: 'B', lastAt: { olderThan: '1d' } }])).toEqual({ A: 0, B: 0 });
  });

  it('keeps everything for filtered ever counts and filtered olderThan recency', () => {
    const where = { sku: { eq: 'X' } };
    expect(
      retentionFor([
        { event: 'A', where },
        { event: 'A', where, within: '1d' },
        { event: 'B', where, lastAt: { olderThan: '1d' } },
        { event: 'C', where, lastAt: { newerThan: '2d' } },
      ]),
    ).toEqual({ A: 'ever', B: 'ever', C: 2 * DAY });
  });
});
