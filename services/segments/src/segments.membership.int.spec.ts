import { randomUUID } from 'node:crypto';
import { FLAGSHIP, SegmentsHarness } from './testing/segments.harness';

/**
 * Real-time membership on the real Kafka broker and Postgres, with a manual
 * clock: entries and exits are published to cairn.segment-membership.v1
 * exactly once per change, on events and on time.
 */
const h = new SegmentsHarness();
const VIEW = { productId: 'P-100' };
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const user = (name: string) => `${name}-${randomUUID().slice(0, 8)}`;
const summary = (changes: Array<{ change: string; seq: number; cause: string }>) => changes.map((c) => `${c.change}#${c.seq}:${c.cause}`);

beforeAll(async () => {
  await h.start();
  expect((await h.api('/v1/segments', { method: 'POST', body: FLAGSHIP })).status).toBe(201);
  for (let i = 0; i < 10; i++) {
    const noise = { key: `noise-${i}`, name: `noise ${i}`, condition: { event: `Noise ${i}`, count: { min: 2 } } };
    expect((await h.api('/v1/segments', { method: 'POST', body: noise })).status).toBe(201);
  }
});
afterAll(() => h.stop());

describe('the flagship segment (3-5 views of P-100 in 7 days, no order)', () => {
  it('is entered at the 3rd view and left at the 6th, each exactly once', async () => {
    const u = user('six-views');
    for (let i = 1; i <= 6; i++) {
      await h.publish(h.track(u, 'Product Viewed', VIEW));
      if (i === 3) await h.waitForChanges(u, 1);
    }
    const changes = await h.waitForChanges(u, 2);
    await h.waitForStored(u, FLAGSHIP.key, (s) => JSON.stringify(s.explanation).includes('"countInWindow":6'));
    expect(summary(h.changesOf(u))).toEqual(['entered#1:event', 'exited#2:event']);
    expect(changes[0]).toMatchObject({ v: 1, workspaceId: 'dev', segmentKey: FLAGSHIP.key, at: h.clock.now().toISOString() });
  });

  it('is left at an order', async () => {
    const u = user('orders');
    await h.publish(...[1, 2, 3].map(() => h.track(u, 'Product Viewed', VIEW)));
    await h.waitForChanges(u, 1);
    const order = h.track(u, 'Order Completed', { orderId: 'o-1' });
    await h.publish(order);
    const changes = await h.waitForChanges(u, 2);
    expect(summary(changes)).toEqual(['entered#1:event', 'exited#2:event']);
    expect(changes[1].causeMessageId).toBe(order.messageId);
  });

  it('is left by itself when the views age out of the 7-day window (the timer, not an event)', async () => {
    const u = user('ageing');
    const start = h.clock.now().getTime() - 7 * DAY + 10 * MINUTE;
    await h.publish(...[0, 1, 2].map((i) => h.track(u, 'Product Viewed', VIEW, start + i * MINUTE)));
    await h.waitForChanges(u, 1);
    // The first view leaves the window at start + 7d: one millisecond before, still a member.
    h.clock.advance(10 * MINUTE - 1);
    await h.publish(h.track(u, 'Unrelated Event'));
    await h.waitForStored(u, FLAGSHIP.key, (s) => s.member === true && JSON.stringify(s.explanation).includes('"countInWindow":3'));
    h.clock.advance(1);
    const changes = await h.waitForChanges(u, 2);
    expect(summary(changes)).toEqual(['entered#1:event', 'exited#2:time']);
    expect(changes[1].at).toBe(new Date(start + 7 * DAY).toISOString());
  });
});

describe('idempotency', () => {
  it('publishes no second transition when the same events are redelivered', async () => {
    const u = user('redelivered');
    const views = [1, 2, 3].map(() => h.track(u, 'Product Viewed', VIEW));
    await h.publish(...views);
    await h.waitForChanges(u, 1);
    await h.publish(...views); // had they counted again, the 6 views would make an exit here
    const order = h.track(u, 'Order Completed');
    await h.publish(order);
    const changes = await h.waitForChanges(u, 2);
    expect(summary(h.changesOf(u))).toEqual(['entered#1:event', 'exited#2:event']);
    expect(changes[1].causeMessageId).toBe(order.messageId);
  });
});

describe('identity links', () => {
  it('merges an anonymous visitor\u2019s history into the user at identify, and attributes later anonymous events to the user', async () => {
    const anon = user('anon');
    const u = user('signed-in');
    await h.publish(...[1, 2, 3].map(() => h.anonymous(h.track(anon, 'Product Viewed', VIEW))));
    await h.waitForChanges(anon, 1);
    const identify = { ...h.track(u, 'ignored'), type: 'identify' as const, anonymousId: anon, traits: { tier: 'gold' } };
    delete identify.event;
    await h.publish(identify);
    expect(summary(await h.waitForChanges(u, 1))).toEqual(['entered#1:identity']);
    expect(summary(await h.waitForChanges(anon, 2))).toEqual(['entered#1:event', 'exited#2:identity']);
    await h.publish(...[1, 2, 3].map(() => h.anonymous(h.track(anon, 'Product Viewed', VIEW))));
    expect(summary(await h.waitForChanges(u, 2))).toEqual(['entered#1:identity', 'exited#2:event']);
    expect(h.changesOf(anon)).toHaveLength(2);
    expect(h.changesOf(u)[0].traits).toEqual({ tier: 'gold' });
  });
});

describe('incremental evaluation', () => {
  it('re-evaluates only the segments that reference the incoming event', async () => {
    const u = user('counted');
    const before = await h.evaluations('event');
    await h.publish(h.track(u, 'Noise 4'));
    const afterNoise = await waitForCounter(before);
    expect(afterNoise - before).toBe(1); // noise-4 only, not the 10 other segments
    await h.publish(h.track(u, 'Product Viewed', VIEW));
    const afterView = await waitForCounter(afterNoise);
    expect(afterView - afterNoise).toBe(1); // flagship only
    await h.publish(h.track(u, 'Nobody Cares'), h.track(u, 'Noise 4'));
    const afterBoth = await waitForCounter(afterView);
    expect(afterBoth - afterView).toBe(1);
  });
});

async function waitForCounter(above: number): Promise<number> {
  const { waitFor } = await import('@cairn/testing');
  return waitFor(async () => {
    const n = await h.evaluations('event');
    return n > above ? n : undefined;
  }, { what: 'evaluations to be counted' });
}
