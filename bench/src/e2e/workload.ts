/**
 * The end-to-end workload: segments and journeys a shop would define (docs/design.md §1),
 * sized as the issue asks. Only two journeys send at once (on `Order Completed`
 * and `Signed In`, 5 % of the event mix each), so 10 % of events lead to a
 * message; the others wait an hour or more, so they create runs and timers but
 * no message while the bench runs.
 */

/** Event names of the generators' mix that lead to a message. */
export const MESSAGE_EVENTS = ['Order Completed', 'Signed In'];

type Json = Record<string, unknown>;

const days = (n: number) => `${n}d`;

/** 15 behaviour and trait segments; with the 5 lifecycle stages that makes 20. */
export function shopSegments(): Json[] {
  const seg = (key: string, name: string, condition: Json) => ({ key, name, condition });
  const notOrdered = (within: string) => ({ not: { event: 'Order Completed', within } });
  return [
    seg('flagship-hot', 'Viewed the flagship 3-5 times this week and did not order', {
      all: [{ event: 'Product Viewed', where: { productId: 'P-100' }, count: { min: 3, max: 5 }, within: days(7) }, notOrdered(days(7))],
    }),
    seg('browsers', 'Viewed 10 or more products in 30 days', { event: 'Product Viewed', count: { min: 10 }, within: days(30) }),
    seg('window-shoppers', 'Viewed products this week and never ordered', {
      all: [{ event: 'Product Viewed', within: days(7) }, { not: { event: 'Order Completed' } }],
    }),
    seg('cart-abandoners', 'Added to the cart today and did not order', { all: [{ event: 'Product Added', within: days(1) }, notOrdered(days(1))] }),
    seg('cart-viewers', 'Looked at the cart this week', { event: 'Cart Viewed', within: days(7) }),
    seg('checkout-abandoners', 'Started a checkout today and did not order', { all: [{ event: 'Checkout Started', within: days(1) }, notOrdered(days(1))] }),
    seg('big-cart', 'Added an item of ₩30,000 or more this week', { event: 'Product Added', where: { price: { gte: 30_000 } }, within: days(7) }),
    seg('frequent-buyers', 'Three orders or more in 90 days', { event: 'Order Completed', count: { min: 3 }, within: days(90) }),
    seg('big-spenders', 'Ordered for ₩40,000 or more in 30 days', { event: 'Order Completed', where: { price: { gte: 40_000 } }, within: days(30) }),
    seg('lapsed-buyers', 'Last order more than 60 days ago', { event: 'Order Completed', lastAt: { olderThan: days(60) } }),
    seg('recently-signed-in', 'Signed in this week', { event: 'Signed In', within: days(7) }),
    seg('silent', 'No sign-in for 30 days', { event: 'Signed In', count: { max: 0 }, within: days(30) }),
    seg('pro-plan', 'On a paid plan', { trait: 'plan', op: 'in', value: ['pro', 'enterprise'] }),
    seg('korea', 'Customers in Korea', { trait: 'country', op: 'eq', value: 'KR' }),
    seg('engaged-pro', 'Paid plan and signed in this week', { all: [{ segment: 'pro-plan' }, { segment: 'recently-signed-in' }] }),
  ];
}

const send = (template: string, next: string | null = null) => ({ type: 'send', channel: 'hook', template, category: 'transactional', next });
const waitThenSend = (duration: string, template: string) => ({ wait: { type: 'wait', duration, next: 'send' }, send: send(template) });

/** 10 journeys: 2 send at once (10 % of events), 8 wait an hour or more first. */
export function shopJourneys(): Json[] {
  const j = (key: string, entry: Json, steps: Json, extra: Json = {}) => ({
    key,
    name: key,
    entry,
    reentry: { mode: 'always' },
    start: Object.keys(steps)[0],
    steps,
    ...extra,
  });
  const exitOnOrder = { exitOn: [{ event: 'Order Completed' }] };
  return [
    j('order-receipt', { event: 'Order Completed', maxEventAge: '1h' }, { send: send('bench-e2e') }),
    j('sign-in-notice', { event: 'Signed In', maxEventAge: '1h' }, { send: send('bench-e2e') }),
    j('cart-abandonment', { event: 'Product Added', maxEventAge: '1h' }, waitThenSend('1h', 'bench-later'), {
      reentry: { mode: 'cooldown', cooldown: '1d' },
      ...exitOnOrder,
    }),
    j('checkout-abandonment', { event: 'Checkout Started', maxEventAge: '1h' }, waitThenSend('30m', 'bench-later'), {
      reentry: { mode: 'cooldown', cooldown: '1d' },
      ...exitOnOrder,
    }),
    j('browse-abandonment', { event: 'Product Viewed', where: { productId: 'P-100' }, maxEventAge: '1h' }, waitThenSend('2h', 'bench-later'), {
      reentry: { mode: 'cooldown', cooldown: '7d' },
      ...exitOnOrder,
    }),
    j('flagship-secret', { segment: 'flagship-hot', on: 'enter' }, waitThenSend('1h', 'bench-later'), { reentry: { mode: 'once' } }),
    j('welcome-back', { segment: 'dormant', on: 'enter' }, waitThenSend('1d', 'bench-later'), { reentry: { mode: 'cooldown', cooldown: '30d' } }),
    j('first-order-follow-up', { segment: 'new', on: 'enter' }, waitThenSend('3d', 'bench-later'), { reentry: { mode: 'once' } }),
    j('loyal-thanks', { segment: 'loyal', on: 'enter' }, waitThenSend('7d', 'bench-later'), { reentry: { mode: 'once' } }),
    j('cart-viewer-nudge', { segment: 'cart-abandoners', on: 'enter' }, waitThenSend('6h', 'bench-later'), {
      reentry: { mode: 'cooldown', cooldown: '1d' },
      ...exitOnOrder,
    }),
  ];
}

/**
 * The scale sweep's segments: `hot` reference the hot event (`Product Viewed`,
 * every event of the sweep's stream) and the rest reference events the stream
 * never carries, so they must cost nothing per event.
 */
export function sweepSegments(total: number, hot: number): Json[] {
  const windows = [1, 7, 30];
  return Array.from({ length: total }, (_, i) =>
    i < hot
      ? { key: `hot-${i}`, name: `Viewed ${i + 1}+ times`, condition: { event: 'Product Viewed', count: { min: i + 1 }, within: days(windows[i % 3]) } }
      : { key: `cold-${i}`, name: `Cold ${i}`, condition: { event: `Campaign Event ${i}`, within: days(windows[i % 3]) } },
  );
}

/** The sweep's one journey: a send for 10 % of the hot events (price ≤ ₩5,000 of prices ₩100–₩50,000). */
export function sweepJourneys(): Json[] {
  return [
    {
      key: 'cheap-view',
      name: 'cheap-view',
      entry: { event: 'Product Viewed', where: { price: { lte: 5_000 } }, maxEventAge: '1h' },
      reentry: { mode: 'always' },
      start: 'send',
      steps: { send: send('bench-e2e') },
    },
  ];
}
