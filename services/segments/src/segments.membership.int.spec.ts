import { waitFor } from '@cairn/testing';
import { randomUUID } from 'node:crypto';
import { IngestEventsUseCase } from './ingest/ingest-events/ingest-events.usecase';
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
    // The anonymous id's exit says it was merged, not that the person left; the merge itself is published once.
    expect(h.changesOf(anon)[1]).toMatchObject({ cause: 'identity', mergedInto: u });
    expect(h.changesOf(anon)[0].mergedInto).toBeUndefined();
    await waitFor(() => h.links.some((l) => l.previousId === anon), { what: 'the published merge' });
    expect(h.links.filter((l) => l.previousId === anon)).toEqual([
      { v: 1, workspaceId: 'dev', previousId: anon, userId: u, linkedAt: h.clock.now().toISOString(), causeMessageId: identify.messageId },
    ]);
  });
});

describe('identity races and chains', () => {
  const countIs = (n: number) => (s: Record<string, unknown>) => JSON.stringify(s.explanation).includes(`"countInWindow":${n}`);
  const stateRows = async (...ids: string[]) =>
    (await h.sql<{ n: number }>(`SELECT count(*)::int AS n FROM segments.user_states WHERE user_id = ANY($1::text[])`, [ids]))[0].n;

  it('loses no anonymous event processed while the identify linking it commits (two batches interleaved)', async () => {
    const id = randomUUID().slice(0, 8);
    const [anon, u] = [`a-anon-${id}`, `u-user-${id}`]; // anon sorts first: the link locks it, then the user
    await h.publish(...[1, 2].map(() => h.anonymous(h.track(anon, 'Product Viewed', VIEW))), h.track(u, 'Signed In'));
    await h.waitForStored(anon, FLAGSHIP.key, countIs(2));
    await waitForRow(`SELECT 1 FROM segments.timers WHERE workspace_id = 'dev' AND user_id = $1`, u);
    // Hold the user's timer row: the linking transaction stops there, after it has merged and removed the anonymous state.
    const blocker = h.service.platform.dataSource.createQueryRunner();
    await blocker.startTransaction();
    await blocker.query(`SELECT 1 FROM segments.timers WHERE workspace_id = 'dev' AND user_id = $1 FOR UPDATE`, [u]);
    const ingest = h.service.app.get(IngestEventsUseCase);
    const linking = ingest.execute({ events: [h.identify(u, anon)] });
    await h.waitForLockWaiters(1);
    // The third view, anonymous only (another partition in production), arrives in the middle of the link.
    const lateView = ingest.execute({ events: [h.anonymous(h.track(anon, 'Product Viewed', VIEW))] });
    await h.waitForLockWaiters(2);
    await blocker.commitTransaction();
    await blocker.release();
    await Promise.all([linking, lateView]);
    expect(summary(await h.waitForChanges(u, 1))).toEqual(['entered#1:event']);
    await h.waitForStored(u, FLAGSHIP.key, (s) => s.member === true && countIs(3)(s));
    expect(await stateRows(anon)).toBe(0);
    expect(h.changesOf(anon)).toEqual([]);
  });

  it('follows a chain anonymous → user1 → user2: later events of either old id count for user2', async () => {
    const [anon, u1, u2] = [user('chain-anon'), user('chain-one'), user('chain-two')];
    await h.publish(...[1, 2, 3].map(() => h.anonymous(h.track(anon, 'Product Viewed', VIEW))));
    await h.waitForChanges(anon, 1);
    await h.publish(h.identify(u1, anon));
    await h.waitForChanges(u1, 1);
    await h.publish(h.alias(u1, u2));
    expect(summary(await h.waitForChanges(u2, 1))).toEqual(['entered#1:identity']);
    expect(summary(await h.waitForChanges(u1, 2))).toEqual(['entered#1:identity', 'exited#2:identity']);
    await h.publish(h.alias(u2, u1)); // would close a cycle: ignored
    await h.publish(h.anonymous(h.track(anon, 'Product Viewed', VIEW)), h.track(u1, 'Product Viewed', VIEW));
    await h.waitForStored(u2, FLAGSHIP.key, countIs(5));
    await h.publish(h.anonymous(h.track(anon, 'Product Viewed', VIEW)));
    expect(summary(await h.waitForChanges(u2, 2))).toEqual(['entered#1:identity', 'exited#2:event']);
    await h.waitForStored(u2, FLAGSHIP.key, countIs(6));
    expect(await stateRows(anon, u1)).toBe(0);
    expect(summary(h.changesOf(anon))).toEqual(['entered#1:event', 'exited#2:identity']);
    expect(h.changesOf(u1)).toHaveLength(2);
  });
});

async function waitForRow(query: string, param: string): Promise<void> {
  const { waitFor } = await import('@cairn/testing');
  await waitFor(async () => (await h.sql(query, [param])).length > 0, { what: query });
}

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
  return waitFor(
    async () => {
      const n = await h.evaluations('event');
      return n > above ? n : undefined;
    },
    { what: 'evaluations to be counted' },
  );
}
