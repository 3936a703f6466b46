import { lifecycleSegments } from '@cairn/segments-domain';
import { ADVERTISING, brief, channel, journey, pool, run, segment, sendStep, template } from './spec-helpers';

const lifecycle = Object.values(lifecycleSegments()).map((s) => segment(s.key, s.condition));

describe('simulate: segments and time', () => {
  it('sends the welcome-back coupon once a customer has been silent for 30 days after an order, by the clock alone', () => {
    const welcome = journey({
      key: 'welcome-back',
      entry: { segment: 'dormant', on: 'enter' },
      reentry: { mode: 'cooldown', cooldown: '30d' },
      start: 'coupon',
      steps: { coupon: sendStep('welcome-back', { coupon: { pool: 'welcome-back' } }) },
    });
    const report = run(
      [
        channel(),
        template('welcome-back', '{{ user.name }}님 쿠폰: {{ coupon.code }}'),
        pool('welcome-back', { mode: 'list', codes: ['WB-0001'] }),
        ...lifecycle,
        welcome,
      ],
      {
        until: '+45d',
        users: { jiwoo: { traits: { name: '지우' }, consents: ADVERTISING } },
        events: [
          { at: '+0m', userId: 'jiwoo', event: 'Order Completed' },
          { at: '+40d', userId: 'jiwoo', event: 'Signed In' },
        ],
      },
    );
    expect(report.segments.map((s) => [s.segment, s.change, s.at, s.cause])).toEqual([
      ['new', 'entered', '2026-03-02T00:00:00.000Z', 'event'],
      ['new', 'exited', '2026-04-01T00:00:00.000Z', 'time'],
      ['dormant', 'entered', '2026-04-01T00:00:00.000Z', 'time'],
      ['dormant', 'exited', '2026-04-11T00:00:00.000Z', 'event'],
      ['returning', 'entered', '2026-04-11T00:00:00.000Z', 'event'],
    ]);
    expect(brief(report)).toEqual([['jiwoo', 'welcome-back', 'SENT', null, '지우님 쿠폰: WB-0001']]);
    expect(report.messages[0].createdAt).toBe('2026-04-01T00:00:00.000Z');
  });

  it('gives the flagship secret coupon once, however often the customer leaves and re-enters the segment', () => {
    const hot = segment('flagship-hot', {
      all: [
        { event: 'Product Viewed', where: { productId: 'P-100' }, count: { min: 3, max: 5 }, within: '7d' },
        { not: { event: 'Order Completed', within: '7d' } },
      ],
    });
    const secret = journey({
      key: 'flagship-secret-coupon',
      entry: { segment: 'flagship-hot', on: 'enter' },
      reentry: { mode: 'once' },
      start: 'coupon',
      steps: { coupon: sendStep('flagship-secret', { coupon: { pool: 'flagship-secret' } }) },
    });
    const view = (userId: string, at: string) => ({ at, userId, event: 'Product Viewed', properties: { productId: 'P-100' } });
    const report = run(
      [channel(), template('flagship-secret', '{{ coupon.code }}'), pool('flagship-secret', { mode: 'generated', prefix: 'SECRET-', length: 8 }), hot, secret],
      {
        until: '+20d',
        users: { hot: { traits: {}, consents: ADVERTISING }, twin: { traits: {}, consents: ADVERTISING }, buyer: { traits: {}, consents: ADVERTISING } },
        events: [
          { at: '+0m', userId: 'buyer', event: 'Order Completed' },
          ...['+1m', '+2m', '+3m'].flatMap((at) => [view('hot', at), view('twin', at), view('buyer', at)]),
          ...['+1d', '+1d1m', '+1d2m'].map((at) => view('hot', at)),
        ],
      },
    );
    const hotChanges = report.segments.filter((s) => s.userId === 'hot').map((s) => [s.change, s.at, s.cause]);
    expect(hotChanges).toEqual([
      ['entered', '2026-03-02T00:03:00.000Z', 'event'],
      ['exited', '2026-03-03T00:02:00.000Z', 'event'],
      ['entered', '2026-03-09T00:01:00.000Z', 'time'],
      ['exited', '2026-03-10T00:00:00.000Z', 'time'],
    ]);
    const codes = report.messages.map((m) => [m.userId, (m.content as { text: string }).text]);
    // The buyer's order leaves its 7-day window while the three views still count: the buyer enters then.
    expect(report.messages.map((m) => [m.userId, m.createdAt])).toEqual([
      ['hot', '2026-03-02T00:03:00.000Z'],
      ['twin', '2026-03-02T00:03:00.000Z'],
      ['buyer', '2026-03-09T00:00:00.000Z'],
    ]);
    expect(codes[0][1]).toMatch(/^SECRET-[A-Z2-9]{8}$/);
    expect(codes[1][1]).not.toBe(codes[0][1]);
  });

  it('notifies of a restock exactly those who wanted the item and did not order it, once per interest', () => {
    const restock = journey({
      key: 'restock-notice',
      entry: {
        catalogEvent: 'Product Restocked',
        maxEventAge: '1d',
        audience: { event: 'Product Added', matchItem: 'productId', within: '30d', notFollowedBy: 'Order Completed' },
      },
      start: 'notify',
      steps: { notify: sendStep('restock') },
    });
    const add = (userId: string, at: string, productId: string) => ({ at, userId, event: 'Product Added', properties: { productId } });
    const restocked = (at: string, itemId: string) => ({ at, catalogEvent: 'Product Restocked', itemId, properties: { name: itemId } });
    const ids = ['wanter', 'buyer', 'elsewhere', 'stale', 'late'];
    const report = run([channel(), template('restock', '{{ entry.properties.name }} 재입고'), restock], {
      until: '+40d',
      users: Object.fromEntries(ids.map((id) => [id, { traits: {}, consents: ADVERTISING }])),
      events: [
        add('stale', '-31d', 'P-7'),
        add('wanter', '+0m', 'P-7'),
        add('buyer', '+0m', 'P-7'),
        { at: '+1m', userId: 'buyer', event: 'Order Completed', properties: { products: [{ productId: 'P-7' }] } },
        add('elsewhere', '+0m', 'P-8'),
        restocked('+1h', 'P-7'),
        restocked('+2h', 'P-7'),
        add('late', '+3h', 'P-7'),
        restocked('+4h', 'P-7'),
      ],
    });
    expect(report.messages.map((m) => [m.userId, m.createdAt])).toEqual([
      ['wanter', '2026-03-02T01:00:00.000Z'],
      ['late', '2026-03-02T04:00:00.000Z'],
    ]);
  });

  it('counts history from before the start at its own timestamps', () => {
    const report = run([channel(), ...lifecycle], {
      users: { old: { traits: {} } },
      events: [
        { at: '-40d', userId: 'old', event: 'Order Completed' },
        { at: '-35d', userId: 'old', event: 'Order Completed' },
      ],
    });
    expect(report.segments.map((s) => [s.segment, s.change, s.at])).toEqual([['dormant', 'entered', '2026-03-02T00:00:00.000Z']]);
  });
});
