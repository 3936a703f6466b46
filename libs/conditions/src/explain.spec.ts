import type { Condition } from './condition.types';
import { evaluate } from './evaluate';
import { explain } from './explain';
import { DAY, HOUR, memberOf, T0, withEvents } from './spec-helpers';
import { applyTraits } from './user-state';

const views: Condition = { event: 'Product Viewed', where: { productId: { eq: 'P-100' } }, count: { min: 3, max: 5 }, within: '7d' };
const noOrder: Condition = { not: { event: 'Order Completed', within: '7d' } };
const quiet: Condition = { event: 'Order Completed', lastAt: { olderThan: '30d' } };
const gold: Condition = { trait: 'tier', op: 'eq', value: 'gold' };

describe('explain', () => {
  const state = applyTraits(
    withEvents([
      ['Product Viewed', T0, { productId: 'P-100' }],
      ['Product Viewed', T0 + HOUR, { productId: 'P-100' }],
      ['Product Viewed', T0 + 2 * HOUR, { productId: 'P-100' }],
      ['Order Completed', T0 - 40 * DAY],
    ]),
    { tier: 'silver' },
  );
  const now = T0 + 3 * HOUR;
  const condition: Condition = { all: [views, noOrder, { any: [quiet, gold, { segment: 'vip' }] }] };

  it('mirrors the condition with the figures behind every answer', () => {
    expect(explain(condition, state, now, memberOf('vip'))).toEqual({
      type: 'all',
      value: true,
      nextChangeAt: T0 + 7 * DAY,
      children: [
        {
          type: 'event',
          value: true,
          condition: views,
          countInWindow: 3,
          windowStart: now - 7 * DAY,
          lastOccurredAt: T0 + 2 * HOUR,
          nextChangeAt: T0 + 7 * DAY,
        },
        {
          type: 'not',
          value: true,
          nextChangeAt: null,
          child: {
            type: 'event',
            value: false,
            condition: { event: 'Order Completed', within: '7d' },
            countInWindow: 0,
            windowStart: now - 7 * DAY,
            lastOccurredAt: T0 - 40 * DAY,
            nextChangeAt: null,
          },
        },
        {
          type: 'any',
          value: true,
          nextChangeAt: null,
          children: [
            { type: 'recency', value: true, condition: quiet, lastOccurredAt: T0 - 40 * DAY, nextChangeAt: null },
            { type: 'trait', value: false, condition: gold, actual: 'silver' },
            { type: 'segment', value: true, condition: { segment: 'vip' } },
          ],
        },
      ],
    });
  });

  it('agrees with evaluate at the root', () => {
    for (const at of [T0 - 1, now, T0 + 7 * DAY - 1, T0 + 7 * DAY]) {
      const tree = explain(condition, state, at, memberOf());
      const result = evaluate(condition, state, at, memberOf());
      expect({ value: tree.value, nextChangeAt: 'nextChangeAt' in tree ? tree.nextChangeAt : null }).toEqual(result);
    }
  });

  it('omits actual for a trait the user does not have, and shows windowStart null for "ever"', () => {
    const ever: Condition = { event: 'Order Completed' };
    expect(explain({ trait: 'plan', op: 'exists' }, state, now, memberOf())).toEqual({
      type: 'trait',
      value: false,
      condition: { trait: 'plan', op: 'exists' },
    });
    expect(explain(ever, state, now, memberOf())).toMatchObject({ type: 'event', countInWindow: 1, windowStart: null });
  });
});
