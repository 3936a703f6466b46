import { ADVERTISING, brief, channel, journey, onEvent, pool, run, segment, sendStep, template } from './spec-helpers';

const cart = journey({
  key: 'cart-abandonment',
  entry: { event: 'Product Added', maxEventAge: '1h' },
  reentry: { mode: 'cooldown', cooldown: '1d' },
  exitOn: [{ event: 'Order Completed', where: { cartId: 'c-exit' } }],
  goal: { event: 'Order Completed', within: '3d' },
  start: 'wait-for-order',
  steps: {
    'wait-for-order': {
      type: 'waitUntil',
      event: 'Order Completed',
      match: { cartId: '{{ entry.properties.cartId }}' },
      timeout: '1h',
      onEvent: null,
      onTimeout: 'remind',
    },
    remind: sendStep('cart-reminder'),
  },
});
const cartResources = [channel(), template('cart-reminder', '{{ user.name }}님, {{ entry.properties.name }} 잊지 않으셨죠?'), cart];
const users = (...ids: string[]) => Object.fromEntries(ids.map((id) => [id, { traits: { name: id }, consents: ADVERTISING }]));

describe('simulate: journeys', () => {
  it('reminds the customer who did not order the cart within the hour, and nobody else', () => {
    const report = run(cartResources, {
      users: users('abandoner', 'buyer', 'other'),
      events: [
        { at: '+0m', userId: 'abandoner', event: 'Product Added', properties: { cartId: 'c1', name: '셔츠' } },
        { at: '+0m', userId: 'buyer', event: 'Product Added', properties: { cartId: 'c2', name: '셔츠' } },
        { at: '+0m', userId: 'other', event: 'Product Added', properties: { cartId: 'c3', name: '코트' } },
        { at: '+45m', userId: 'buyer', event: 'Order Completed', properties: { cartId: 'c2' } },
        { at: '+50m', userId: 'other', event: 'Order Completed', properties: { cartId: 'c-old' } },
      ],
    });
    expect(brief(report)).toEqual([
      ['abandoner', 'cart-abandonment', 'SENT', null, 'abandoner님, 셔츠 잊지 않으셨죠?'],
      ['other', 'cart-abandonment', 'SENT', null, 'other님, 코트 잊지 않으셨죠?'],
    ]);
    expect(report.messages[0]).toMatchObject({ step: 'remind', createdAt: '2026-03-02T01:00:00.000Z', sentAt: '2026-03-02T01:00:00.000Z', journeyVersion: 1 });
    const runs = Object.fromEntries(report.runs.map((r) => [r.userId, r]));
    expect(runs.buyer).toMatchObject({ status: 'completed', converted: true, endedAt: '2026-03-02T00:45:00.000Z' });
    expect(runs.other).toMatchObject({ status: 'completed', converted: true });
    expect(runs.abandoner).toMatchObject({ status: 'completed', converted: false });
  });

  it('interrupts any step on an exit criterion, and refuses an entry older than maxEventAge', () => {
    const report = run(cartResources, {
      users: users('leaver', 'late'),
      events: [
        { at: '+0m', userId: 'leaver', event: 'Product Added', properties: { cartId: 'c1', name: 'x' } },
        { at: '+10m', userId: 'leaver', event: 'Order Completed', properties: { cartId: 'c-exit' } },
        { at: '-2h', userId: 'late', event: 'Product Added', properties: { cartId: 'c2', name: 'x' } },
      ],
    });
    expect(report.messages).toEqual([]);
    expect(report.runs.map((r) => [r.userId, r.status, r.exitReason])).toEqual([['leaver', 'exited', 'exit_criteria']]);
  });

  it('lets the same customer in again only after the cool-down', () => {
    const add = (at: string, cartId: string) => ({ at, userId: 'u', event: 'Product Added', properties: { cartId, name: cartId } });
    const report = run(cartResources, { users: users('u'), events: [add('+0m', 'a'), add('+2h', 'b'), add('+1d', 'c')] });
    expect(brief(report).map((m) => m[4])).toEqual(['u님, a 잊지 않으셨죠?', 'u님, c 잊지 않으셨죠?']);
  });

  it('keeps a holdout share from every send, deterministically per user', () => {
    const held = journey({ ...(cart.body as Record<string, unknown>), holdout: 0.5 });
    const ids = Array.from({ length: 40 }, (_, i) => `user-${i}`);
    const events = ids.map((id) => ({ at: '+0m', userId: id, event: 'Product Added', properties: { cartId: id, name: id } }));
    const first = run([channel(), template('cart-reminder', 'hi'), held], { users: users(...ids), events });
    const again = run([channel(), template('cart-reminder', 'hi'), held], { users: users(...ids), events });
    const holdout = first.runs.filter((r) => r.group === 'holdout').map((r) => r.userId);
    expect(holdout.length).toBeGreaterThan(5);
    expect(holdout.length).toBeLessThan(35);
    expect(first.skipped.map((s) => [s.userId, s.reason])).toEqual(holdout.map((u) => [u, 'holdout']));
    expect(first.messages.map((m) => m.userId)).toEqual(ids.filter((id) => !holdout.includes(id)));
    expect(again.runs).toEqual(first.runs);
  });

  it('branches on segment membership and splits by a stable bucket', () => {
    const vip = segment('vip', { trait: 'tier', op: 'eq', value: 'gold' });
    const flow = journey({
      key: 'flow',
      entry: { event: 'Signed Up' },
      start: 'check',
      steps: {
        check: { type: 'branch', if: { segment: 'vip' }, then: 'vip-note', else: 'ab' },
        'vip-note': sendStep('vip'),
        ab: {
          type: 'split',
          paths: [
            { weight: 1, next: 'a' },
            { weight: 1, next: 'b' },
          ],
        },
        a: sendStep('a'),
        b: sendStep('b'),
      },
    });
    const resources = [channel(), template('vip', 'vip'), template('a', 'a'), template('b', 'b'), vip, flow];
    const ids = Array.from({ length: 20 }, (_, i) => `u${i}`);
    const report = run(resources, {
      users: { ...users(...ids), gold: { traits: { tier: 'gold' }, consents: ADVERTISING } },
      events: [...ids, 'gold'].map((id) => ({ at: '+1m', userId: id, event: 'Signed Up' })),
    });
    const byUser = Object.fromEntries(report.messages.map((m) => [m.userId, m.template]));
    expect(byUser.gold).toBe('vip');
    expect(new Set(ids.map((id) => byUser[id]))).toEqual(new Set(['a', 'b']));
  });

  it('waits until a local time in the user’s own zone', () => {
    const morning = journey({
      key: 'morning',
      entry: { event: 'Signed Up' },
      start: 'wait',
      steps: { wait: { type: 'wait', until: '10:00', next: 'send' }, send: sendStep('hello') },
    });
    const report = run([channel(), template('hello', 'hello'), morning], {
      users: { seoul: { traits: {}, consents: ADVERTISING }, ny: { traits: { timezone: 'America/New_York' }, consents: ADVERTISING } },
      events: [
        { at: '+0m', userId: 'seoul', event: 'Signed Up' },
        { at: '+0m', userId: 'ny', event: 'Signed Up' },
      ],
    });
    expect(report.messages.map((m) => [m.userId, m.sentAt])).toEqual([
      ['seoul', '2026-03-02T01:00:00.000Z'],
      ['ny', '2026-03-02T15:00:00.000Z'],
    ]);
  });

  it('enters scheduled journeys with the segment’s members at each cron occurrence', () => {
    const weekly = journey({ key: 'weekly', entry: { schedule: '0 10 * * MON', segment: 'vip' }, start: 'send', steps: { send: sendStep('hello') } });
    const report = run([channel(), template('hello', 'hi'), segment('vip', { trait: 'tier', op: 'eq', value: 'gold' }), weekly], {
      until: '+8d',
      users: { a: { traits: { tier: 'gold' }, consents: ADVERTISING }, b: { traits: { tier: 'silver' }, consents: ADVERTISING } },
    });
    expect(report.messages.map((m) => [m.userId, m.createdAt])).toEqual([
      ['a', '2026-03-02T01:00:00.000Z'],
      ['a', '2026-03-09T01:00:00.000Z'],
    ]);
  });

  it('gives a code per run from a pool, and records a send it could not make when the list runs out', () => {
    const coupon = onEvent('coupon', 'Signed Up', 'code', { coupon: { pool: 'list' } });
    const report = run([channel(), template('code', '{{ coupon.code }}'), pool('list', { mode: 'list', codes: ['B-2', 'A-1'] }), coupon], {
      users: users('u1', 'u2', 'u3'),
      events: ['u1', 'u2', 'u3'].map((id, i) => ({ at: `+${i + 1}m`, userId: id, event: 'Signed Up' })),
    });
    expect(brief(report).map((m) => [m[0], m[4]])).toEqual([
      ['u1', 'A-1'],
      ['u2', 'B-2'],
    ]);
    expect(report.skipped).toEqual([
      { userId: 'u3', journey: 'coupon', version: 1, step: 'send', reason: 'coupon_unavailable', at: '2026-03-02T00:03:00.000Z' },
    ]);
  });

  it('renders the template variant of the user’s locale, and fails a message whose template cannot render', () => {
    const resources = [
      channel(),
      template('hello', '안녕하세요 {{ user.name }}'),
      template('hello', 'Hello {{ user.name }}', { locale: 'en' }),
      onEvent('hello', 'Signed Up', 'hello'),
    ];
    const report = run(resources, {
      users: {
        ko: { traits: { name: '민지' }, consents: ADVERTISING },
        en: { traits: { name: 'Jane', locale: 'en-US' }, consents: ADVERTISING },
        anon: { traits: {}, consents: ADVERTISING },
      },
      events: ['ko', 'en', 'anon'].map((id) => ({ at: '+1m', userId: id, event: 'Signed Up' })),
    });
    expect(brief(report)).toEqual([
      ['ko', 'hello', 'SENT', null, '안녕하세요 민지'],
      ['en', 'hello', 'SENT', null, 'Hello Jane'],
      ['anon', 'hello', 'FAILED', 'template_render_failed', undefined],
    ]);
  });
});
