import type { Condition } from './condition.types';
import { evaluate } from './evaluate';
import { DAY, HOUR, memberOf, noSegments, T0, withEvents } from './spec-helpers';
import { applyTraits, emptyUserState } from './user-state';

const viewed = (count?: { min?: number; max?: number }, within = '7d'): Condition =>
  count ? { event: 'Product Viewed', count, within } : { event: 'Product Viewed', within };

describe('evaluate: event windows', () => {
  const at = T0 + 10 * DAY;
  const state = withEvents([['Product Viewed', at]]);

  it.each([
    ['1 ms before the occurrence', at - 1, false],
    ['exactly at the occurrence', at, true],
    ['1 ms before the window closes', at + 7 * DAY - 1, true],
    ['exactly when the window closes (t + W)', at + 7 * DAY, false],
    ['1 ms after the window closes', at + 7 * DAY + 1, false],
  ])('%s', (_label, now, expected) => {
    expect(evaluate(viewed(), state, now, noSegments).value).toBe(expected);
  });

  it('reports the instant the occurrence leaves the window', () => {
    expect(evaluate(viewed(), state, at + DAY, noSegments)).toEqual({ value: true, nextChangeAt: at + 7 * DAY });
  });

  it('treats an occurrence stamped in the future as not yet counted, and reports when it starts', () => {
    expect(evaluate(viewed(), state, at - HOUR, noSegments)).toEqual({ value: false, nextChangeAt: at });
  });

  it('without a window counts every occurrence ever and never times out', () => {
    const ever: Condition = { event: 'Product Viewed' };
    expect(evaluate(ever, state, at + 1000 * DAY, noSegments)).toEqual({ value: true, nextChangeAt: null });
  });

  it('count bounds are inclusive', () => {
    const three = withEvents([1, 2, 3].map((h) => ['Product Viewed', T0 + h * HOUR] as [string, number]));
    const now = T0 + 4 * HOUR;
    expect(evaluate(viewed({ min: 3 }), three, now, noSegments).value).toBe(true);
    expect(evaluate(viewed({ max: 3 }), three, now, noSegments).value).toBe(true);
    expect(evaluate(viewed({ min: 4 }), three, now, noSegments).value).toBe(false);
    expect(evaluate(viewed({ max: 2 }), three, now, noSegments).value).toBe(false);
  });

  it('count { max: 0 } with a window means "did not do it in the window"', () => {
    const none: Condition = { event: 'Signed In', count: { max: 0 }, within: '30d' };
    const signedIn = withEvents([['Signed In', T0]]);
    expect(evaluate(none, emptyUserState(), T0, noSegments)).toEqual({ value: true, nextChangeAt: null });
    expect(evaluate(none, signedIn, T0 + DAY, noSegments)).toEqual({ value: false, nextChangeAt: T0 + 30 * DAY });
    expect(evaluate(none, signedIn, T0 + 30 * DAY - 1, noSegments).value).toBe(false);
    expect(evaluate(none, signedIn, T0 + 30 * DAY, noSegments).value).toBe(true);
  });

  it('nextChangeAt skips expiries that do not move the answer across a bound', () => {
    // Four views, min 3: the first expiry leaves 3 (still in), the second leaves 2.
    const four = withEvents([0, 1, 2, 3].map((d) => ['Product Viewed', T0 + d * DAY] as [string, number]));
    const result = evaluate(viewed({ min: 3 }), four, T0 + 3 * DAY, noSegments);
    expect(result).toEqual({ value: true, nextChangeAt: T0 + 1 * DAY + 7 * DAY });
  });

  it('filters on properties with equality and operator objects', () => {
    const state2 = withEvents([
      ['Order Completed', T0, { total: 9000, currency: 'KRW' }],
      ['Order Completed', T0 + 1, { total: 12000, currency: 'KRW' }],
    ]);
    const big: Condition = { event: 'Order Completed', where: { total: { gte: 10000 }, currency: { eq: 'KRW' } }, count: { min: 2 } };
    const some: Condition = { event: 'Order Completed', where: { total: { gte: 10000, lt: 20000 } } };
    expect(evaluate(big, state2, T0 + 2, noSegments).value).toBe(false);
    expect(evaluate(some, state2, T0 + 2, noSegments).value).toBe(true);
    expect(evaluate(some, state2, T0, noSegments).value).toBe(false);
  });
});

describe('evaluate: the flagship segment (docs/design.md §7)', () => {
  const flagship: Condition = {
    all: [
      { event: 'Product Viewed', where: { productId: { eq: 'P-100' } }, count: { min: 3, max: 5 }, within: '7d' },
      { not: { event: 'Order Completed', within: '7d' } },
    ],
  };
  const view = (hoursAfterT0: number, productId = 'P-100'): [string, number, Record<string, unknown>] => [
    'Product Viewed',
    T0 + hoursAfterT0 * HOUR,
    { productId },
  ];
  const member = (events: Array<[string, number, Record<string, unknown>?]>, now: number) => evaluate(flagship, withEvents(events), now, noSegments);

  it('enters at the third view of P-100, not counting other products', () => {
    const twoViews = [view(0), view(1), view(2, 'P-200')];
    expect(member(twoViews, T0 + 2 * HOUR).value).toBe(false);
    expect(member([...twoViews, view(3)], T0 + 3 * HOUR).value).toBe(true);
  });

  it('stays in through the fifth view and leaves at the sixth', () => {
    const five = [0, 1, 2, 3, 4].map((h) => view(h));
    expect(member(five, T0 + 4 * HOUR).value).toBe(true);
    expect(member([...five, view(5)], T0 + 5 * HOUR).value).toBe(false);
  });

  it('leaves at an order', () => {
    const three = [view(0), view(1), view(2)];
    expect(member([...three, ['Order Completed', T0 + 3 * HOUR]], T0 + 3 * HOUR).value).toBe(false);
  });

  it('reports nextChangeAt as the instant the oldest counted view ages out', () => {
    const result = member([view(0), view(1), view(2)], T0 + 2 * HOUR);
    expect(result).toEqual({ value: true, nextChangeAt: T0 + 7 * DAY });
    const before = member([view(0), view(1), view(2)], T0 + 7 * DAY - 1);
    const after = member([view(0), view(1), view(2)], T0 + 7 * DAY);
    expect([before.value, after.value]).toEqual([true, false]);
  });

  it('counts a late view at its own timestamp, as if it had arrived on time', () => {
    const lateFirst = [view(2), view(3), view(1)];
    expect(member(lateFirst, T0 + 3 * HOUR)).toEqual({ value: true, nextChangeAt: T0 + HOUR + 7 * DAY });
    // A view older than the window when it arrives changes nothing.
    expect(member([view(2), view(3), view(-7 * 24 - 1)], T0 + 3 * HOUR).value).toBe(false);
  });

  it('after an order, reports when the order leaves its window', () => {
    const events: Array<[string, number, Record<string, unknown>?]> = [view(0), view(1), view(2), ['Order Completed', T0 + 3 * HOUR]];
    // The views expire at T0 + 7d, before the order does at T0 + 3h + 7d.
    expect(member(events, T0 + 4 * HOUR)).toEqual({ value: false, nextChangeAt: T0 + 7 * DAY });
  });
});

describe('evaluate: recency', () => {
  const older: Condition = { event: 'Order Completed', lastAt: { olderThan: '30d' } };
  const newer: Condition = { event: 'Order Completed', lastAt: { newerThan: '30d' } };
  const last = T0 + 5 * DAY;
  const state = withEvents([
    ['Order Completed', T0],
    ['Order Completed', last],
  ]);

  it('olderThan becomes true exactly at last + D', () => {
    expect(evaluate(older, state, last + 30 * DAY - 1, noSegments)).toEqual({ value: false, nextChangeAt: last + 30 * DAY });
    expect(evaluate(older, state, last + 30 * DAY, noSegments)).toEqual({ value: true, nextChangeAt: null });
  });

  it('newerThan holds until 1 ms before last + D', () => {
    expect(evaluate(newer, state, last + 30 * DAY - 1, noSegments)).toEqual({ value: true, nextChangeAt: last + 30 * DAY });
    expect(evaluate(newer, state, last + 30 * DAY, noSegments).value).toBe(false);
  });

  it('is false for a user who never did it, with either bound', () => {
    expect(evaluate(older, emptyUserState(), T0, noSegments)).toEqual({ value: false, nextChangeAt: null });
    expect(evaluate(newer, emptyUserState(), T0, noSegments)).toEqual({ value: false, nextChangeAt: null });
  });

  it('a between-bounds condition opens at last + olderThan and closes at last + newerThan', () => {
    const between: Condition = { event: 'Order Completed', lastAt: { olderThan: '30d', newerThan: '60d' } };
    expect(evaluate(between, state, last, noSegments)).toEqual({ value: false, nextChangeAt: last + 30 * DAY });
    expect(evaluate(between, state, last + 30 * DAY, noSegments)).toEqual({ value: true, nextChangeAt: last + 60 * DAY });
    expect(evaluate(between, state, last + 60 * DAY, noSegments).value).toBe(false);
  });

  it('a future-stamped occurrence becomes the last one at its timestamp', () => {
    const future = withEvents([
      ['Order Completed', T0],
      ['Order Completed', T0 + 40 * DAY],
    ]);
    expect(evaluate(older, future, T0 + 35 * DAY, noSegments)).toEqual({ value: true, nextChangeAt: T0 + 40 * DAY });
  });

  it('applies where filters to find the last matching occurrence', () => {
    const filtered: Condition = { event: 'Order Completed', where: { channel: { eq: 'app' } }, lastAt: { olderThan: '30d' } };
    const mixed = withEvents([
      ['Order Completed', T0, { channel: 'app' }],
      ['Order Completed', T0 + 20 * DAY, { channel: 'web' }],
    ]);
    expect(evaluate(filtered, mixed, T0 + 30 * DAY, noSegments).value).toBe(true);
    expect(evaluate(older, mixed, T0 + 30 * DAY, noSegments).value).toBe(false);
  });
});

describe('evaluate: traits, segments and combinators', () => {
  const state = applyTraits(emptyUserState(), { tier: 'gold', age: 31, tags: ['vip'], email: null });

  it.each<[Condition, boolean]>([
    [{ trait: 'tier', op: 'eq', value: 'gold' }, true],
    [{ trait: 'tier', op: 'neq', value: 'gold' }, false],
    [{ trait: 'missing', op: 'neq', value: 'gold' }, true],
    [{ trait: 'age', op: 'gt', value: 30 }, true],
    [{ trait: 'age', op: 'gt', value: '30' }, false],
    [{ trait: 'age', op: 'lte', value: 31 }, true],
    [{ trait: 'tier', op: 'in', value: ['silver', 'gold'] }, true],
    [{ trait: 'tags', op: 'contains', value: 'vip' }, true],
    [{ trait: 'tier', op: 'contains', value: 'ol' }, true],
    [{ trait: 'email', op: 'exists' }, false],
    [{ trait: 'tier', op: 'exists' }, true],
    [{ trait: 'email', op: 'exists', value: false }, true],
  ])('%j is %s', (condition, expected) => {
    expect(evaluate(condition, state, T0, noSegments)).toEqual({ value: expected, nextChangeAt: null });
  });

  it('reads a dotted trait name through nested traits, after an own trait of that whole name', () => {
    const nested = applyTraits(emptyUserState(), { address: { city: 'Seoul' }, 'plan.name': 'pro', plan: { name: 'free' } });
    expect(evaluate({ trait: 'address.city', op: 'eq', value: 'Seoul' }, nested, T0, noSegments).value).toBe(true);
    expect(evaluate({ trait: 'plan.name', op: 'eq', value: 'pro' }, nested, T0, noSegments).value).toBe(true);
    expect(evaluate({ trait: 'address.zip', op: 'exists' }, nested, T0, noSegments).value).toBe(false);
  });

  it('reads segment membership from the context', () => {
    expect(evaluate({ segment: 'vip' }, state, T0, memberOf('vip')).value).toBe(true);
    expect(evaluate({ segment: 'vip' }, state, T0, noSegments).value).toBe(false);
  });

  it('combinators take the earliest nextChangeAt of their children, and not keeps it', () => {
    const events = withEvents([
      ['A', T0],
      ['B', T0 + DAY],
    ]);
    const a: Condition = { event: 'A', within: '1d' };
    const b: Condition = { event: 'B', within: '1d' };
    const now = T0 + DAY;
    expect(evaluate({ all: [a, b] }, events, now, noSegments)).toEqual({ value: false, nextChangeAt: T0 + 2 * DAY });
    expect(evaluate({ any: [a, b] }, events, now, noSegments)).toEqual({ value: true, nextChangeAt: T0 + 2 * DAY });
    expect(evaluate({ not: b }, events, now, noSegments)).toEqual({ value: false, nextChangeAt: T0 + 2 * DAY });
    const early = withEvents([
      ['A', T0 + HOUR],
      ['B', T0 + DAY],
    ]);
    expect(evaluate({ any: [a, b] }, early, now, noSegments).nextChangeAt).toBe(T0 + DAY + HOUR);
  });
});
