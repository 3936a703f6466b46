import { waitFor } from '@cairn/testing';
import { CHANNEL, scenario, sendStep } from './scenario';

/**
 * "Viewed the flagship 3-5 times this week and did not buy" gets a secret
 * coupon, a code of its own per customer, once per customer: leaving the segment (a sixth view) and entering
 * it again (old views leave the window) sends nothing more. A tracker journey
 * that messages every entry shows when the re-entry has reached journeys.
 */
export const secretCoupon = scenario(
  'secret-coupon',
  'secret coupon after 3-5 flagship views without an order: exactly one message, one unique code, never a second',
  async (api) => {
    await api.channel(CHANNEL);
    await api.template('flagship-secret', '{{ user.name }}님만을 위한 시크릿 쿠폰: {{ coupon.code }}');
    await api.template('entry-tracker', 'entered flagship-hot', 'transactional');
    await api.couponPool('flagship-secret', { mode: 'generated', prefix: 'SECRET-', length: 8 });
    await api.segment({
      key: 'flagship-hot',
      name: 'Viewed the flagship 3-5 times and did not order',
      condition: {
        all: [
          { event: 'Product Viewed', where: { productId: 'P-100' }, count: { min: 3, max: 5 }, within: '8s' },
          { not: { event: 'Order Completed', within: '7d' } },
        ],
      },
    });
    const entry = { segment: 'flagship-hot', on: 'enter' };
    await api.journey({
      key: 'flagship-secret-coupon',
      name: 'Secret coupon',
      entry,
      reentry: { mode: 'once' },
      exitOn: [],
      holdout: 0,
      start: 'coupon',
      steps: { coupon: sendStep('flagship-secret', 'promotional', { coupon: { pool: 'flagship-secret' } }) },
    });
    await api.journey({
      key: 'entry-tracker',
      name: 'Tracker',
      entry,
      reentry: { mode: 'always' },
      exitOn: [],
      holdout: 0,
      start: 'track',
      steps: { track: sendStep('entry-tracker', 'transactional') },
    });
    const names: Record<string, string> = { hot: '민지', twin: '지우', buyer: '서준', glance: '하은' };
    for (const [user, name] of Object.entries(names)) {
      await api.identify(user, { name });
      await api.consent(user, { [CHANNEL]: { advertising: true } });
    }
    await api.track('buyer', 'Order Completed', { orderId: 'o-1' });
    for (let i = 0; i < 3; i++) {
      await api.track('hot', 'Product Viewed', { productId: 'P-100' });
      await api.track('twin', 'Product Viewed', { productId: 'P-100' });
      await api.track('buyer', 'Product Viewed', { productId: 'P-100' });
    }
    await api.track('glance', 'Product Viewed', { productId: 'P-100' });
    await api.track('glance', 'Product Viewed', { productId: 'P-100' });

    const first = await api.waitForMessages('hot', (m) => m.length === 2, 'the secret coupon and the tracker message');
    const coupon = first.filter((m) => m.journey === 'flagship-secret-coupon');
    expect(coupon).toHaveLength(1);
    expect(coupon[0]).toMatchObject({ status: 'SENT', template: 'flagship-secret', category: 'promotional' });
    const code = /^민지님만을 위한 시크릿 쿠폰: (SECRET-[A-Z0-9]{8})$/.exec(coupon[0].content.text ?? '')?.[1];
    expect(code).toBeDefined();
    const twin = await api.waitForMessages('twin', (m) => m.some((x) => x.journey === 'flagship-secret-coupon'), "the other viewer's coupon");
    const twinCode = /(SECRET-[A-Z0-9]{8})$/.exec(twin.find((m) => m.journey === 'flagship-secret-coupon')!.content.text ?? '')?.[1];
    expect(twinCode).toMatch(/^SECRET-/);
    expect(twinCode).not.toBe(code);

    // Segments has seen the buyer's three views (and the order before them): no entry, no message.
    await waitFor(async () => (await api.eventsInWindow('buyer', 'flagship-hot', 'Product Viewed')) === 3, { what: "segments to count the buyer's views" });
    await waitFor(async () => (await api.eventsInWindow('glance', 'flagship-hot', 'Product Viewed')) === 2, { what: "segments to count the glancer's views" });

    // Three more views: the sixth leaves the segment; once the first three views leave the 8 s window it is entered again.
    for (let i = 0; i < 3; i++) await api.track('hot', 'Product Viewed', { productId: 'P-100' });
    const after = await api.waitForMessages(
      'hot',
      (m) => m.filter((x) => x.journey === 'entry-tracker').length === 2,
      'the re-entry to reach journeys',
      30_000,
    );
    expect(after.filter((m) => m.journey === 'flagship-secret-coupon').map((m) => m.content.text)).toEqual([coupon[0].content.text]);

    expect(await api.messages('buyer')).toEqual([]);
    expect(await api.messages('glance')).toEqual([]);
    const pool = await api.request<{ assigned?: number }>('journeys', 'GET', '/v1/coupon-pools/flagship-secret');
    expect(pool).toMatchObject({ assigned: 2 });
  },
);
