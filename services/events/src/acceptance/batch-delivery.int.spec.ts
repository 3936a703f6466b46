import { TOPICS } from '@cairn/contracts';
import { ManualClock } from '@cairn/core';
import { waitFor } from '@cairn/testing';
import { post, startEvents, useEventsService } from '../testing/events-test-kit';
import { DedupePruner } from '../background/dedupe-pruner';

const USERS = 100;
const TOTAL = 10_000;
const PER_BATCH = 100;
const HOUR = 60 * 60 * 1000;

/** Event i belongs to user i % USERS; its seq is i, so each user's events are sent in increasing seq. */
const eventAt = (i: number) => ({ type: 'track', userId: `u-${i % USERS}`, event: 'Product Viewed', messageId: `m-${i}`, properties: { seq: i } });
const batchNo = (b: number) => ({ batch: Array.from({ length: PER_BATCH }, (_, j) => eventAt(b * PER_BATCH + j)) });

describe('events: batches delivered exactly once, in order per user, deduplicated across restarts', () => {
  const clock = new ManualClock('2026-11-02T10:00:00Z');
  const svc = useEventsService(clock);

  const copies = (id: string) => svc.recorder.byMessageId().get(id)?.length ?? 0;
  const sendFresh = async (id: string) => {
    expect((await post(svc.running.url, '/v1/track', { userId: 'sentinel', event: 'E', messageId: id })).status).toBe(200);
    await waitFor(() => copies(id) > 0, { what: `${id} on the topic` });
  };

  it(`publishes ${TOTAL} events sent in batches of ${PER_BATCH} exactly once each, in order per user`, async () => {
    for (let b = 0; b < TOTAL / PER_BATCH; b++) {
      const response = await post(svc.running.url, '/v1/batch', batchNo(b), { basic: true });
      expect({ batch: b, status: response.status }).toEqual({ batch: b, status: 200 });
    }
    await waitFor(() => svc.recorder.byMessageId().size >= TOTAL, { timeoutMs: 30_000, what: `${TOTAL} distinct events` });
    await sendFresh('after-all');
    const events = svc.recorder.values<{ userId: string; messageId: string; properties: { seq: number } }>();
    expect(events).toHaveLength(TOTAL + 1);
    const seqs = new Map<string, number[]>();
    for (const m of svc.recorder.messages.filter((x) => x.topic.endsWith(TOPICS.events))) {
      const e = JSON.parse(m.value.toString()) as { userId: string; properties?: { seq: number } };
      expect(m.key).toBe(`dev:${e.userId}`);
      if (e.properties) seqs.set(e.userId, [...(seqs.get(e.userId) ?? []), e.properties.seq]);
    }
    expect(seqs.size).toBe(USERS);
    for (const [user, list] of seqs) expect({ user, ordered: list.every((s, i) => i === 0 || s > list[i - 1]) }).toEqual({ user, ordered: true });
    const [{ n }] = await svc.running.platform.dataSource.query(`SELECT count(*)::int AS n FROM events.outbox`);
    expect(n).toBe(0);
  });

  it('answers a repeated batch 200 and does not publish it again', async () => {
    expect(await post(svc.running.url, '/v1/batch', batchNo(0))).toMatchObject({ status: 200, body: { success: true } });
    await sendFresh('after-repeat');
    expect(Array.from({ length: PER_BATCH }, (_, j) => copies(`m-${j}`))).toEqual(Array(PER_BATCH).fill(1));
  });

  it('still knows the accepted messageIds after the service restarts', async () => {
    await svc.running.stop();
    svc.running = await startEvents(svc.config, clock);
    expect((await post(svc.running.url, '/v1/batch', batchNo(1))).status).toBe(200);
    await sendFresh('after-restart');
    expect(Array.from({ length: PER_BATCH }, (_, j) => copies(`m-${PER_BATCH + j}`))).toEqual(Array(PER_BATCH).fill(1));
    expect(svc.recorder.values()).toHaveLength(TOTAL + 3);
  });

  it('keeps dedupe rows at least 24 hours and prunes them after the 48-hour retention', async () => {
    const pruner = svc.running.app.get(DedupePruner);
    clock.advance(47 * HOUR);
    expect(await pruner.pruneOnce()).toBe(0);
    expect((await post(svc.running.url, '/v1/track', eventAt(5))).status).toBe(200);
    clock.advance(2 * HOUR);
    expect(await pruner.pruneOnce()).toBe(TOTAL + 3);
    await sendFresh('after-prune');
    expect(copies('m-5')).toBe(1);
    expect((await post(svc.running.url, '/v1/track', eventAt(6))).status).toBe(200);
    await waitFor(() => copies('m-6') === 2, { what: 'a pruned id accepted as new' });
  });

  it('publishes one copy when the same messageId arrives in concurrent requests', async () => {
    const racers = Array.from({ length: 20 }, (_, i) =>
      post(svc.running.url, '/v1/batch', { batch: [{ type: 'track', userId: `r-${i}`, event: 'E', messageId: 'race-1' }] }),
    );
    expect((await Promise.all(racers)).map((r) => r.status)).toEqual(Array(20).fill(200));
    await sendFresh('after-race');
    expect(copies('race-1')).toBe(1);
  });
});
