import { CairnConfig } from '@cairn/config';
import { ManualClock } from '@cairn/core';
import { RunningService } from '@cairn/runtime';
import { cacheRoot, createTestDatabase, LocalKafka, startLocalKafka, TestDatabase, testTopicPrefix, waitFor } from '@cairn/testing';
import { eventsTestConfig, post, startEvents, TopicRecorder } from '../testing/events-test-kit';

const BATCHES = 20;
const PER_BATCH = 10;

/**
 * A broker of this file's own (the shared one serves other files in parallel),
 * frozen with SIGSTOP: it keeps its connections but answers nothing, like a
 * hung or partitioned broker. Requests must still be answered 200 only once
 * their events are committed to the outbox, and all of them must be published
 * exactly once after the broker answers again.
 */
describe('events: while the broker is down', () => {
  let kafka: LocalKafka;
  let db: TestDatabase;
  let running: RunningService;
  let recorder: TopicRecorder;
  let frozen = false;
  const signal = (s: NodeJS.Signals) => process.kill(-kafka.pid, s);

  beforeAll(async () => {
    [kafka, db] = await Promise.all([startLocalKafka(cacheRoot()), createTestDatabase()]);
    const prefix = testTopicPrefix();
    const base = eventsTestConfig(db.url, prefix);
    const config: CairnConfig = { ...base, kafka: { ...base.kafka!, brokers: [kafka.brokers] } };
    running = await startEvents(config, new ManualClock('2026-11-02T10:00:00Z'));
    recorder = new TopicRecorder(prefix, kafka.brokers);
    await recorder.start();
  }, 120_000);

  afterAll(async () => {
    if (frozen) signal('SIGCONT');
    await recorder?.stop();
    await running?.stop();
    await db?.drop();
    await kafka?.stop();
  });

  const ids = (b: number) => Array.from({ length: PER_BATCH }, (_, j) => `down-${b * PER_BATCH + j}`);

  it('accepts into the outbox while the broker is frozen and publishes everything once it is back', async () => {
    expect((await post(running.url, '/v1/track', { userId: 'u', event: 'E', messageId: 'before' })).status).toBe(200);
    await waitFor(() => recorder.byMessageId().has('before'), { what: 'the broker working before the outage' });

    signal('SIGSTOP');
    frozen = true;
    for (let b = 0; b < BATCHES; b++) {
      const batch = ids(b).map((messageId, j) => ({ type: 'track', userId: `u-${j}`, event: 'During outage', messageId }));
      expect((await post(running.url, '/v1/batch', { batch })).status).toBe(200);
    }
    const rows: Array<{ id: string }> = await running.platform.dataSource.query(
      `SELECT convert_from(value, 'UTF8')::jsonb->>'messageId' AS id FROM events.outbox`,
    );
    expect(rows.map((r) => r.id).sort()).toEqual(
      Array.from({ length: BATCHES }, (_, b) => ids(b))
        .flat()
        .sort(),
    );
    expect(recorder.byMessageId().has('down-0')).toBe(false);

    signal('SIGCONT');
    frozen = false;
    await waitFor(() => recorder.byMessageId().size === BATCHES * PER_BATCH + 1, { timeoutMs: 45_000, what: 'every accepted event published' });
    await waitFor(async () => (await running.platform.dataSource.query(`SELECT count(*)::int AS n FROM events.outbox`))[0].n === 0, {
      what: 'an empty outbox',
    });
    expect([...recorder.byMessageId().values()].every((copies) => copies.length === 1)).toBe(true);
  });

  it('accepts into the outbox while the broker is stopped and publishes everything after it restarts', async () => {
    const before = recorder.byMessageId().size;
    await kafka.kill('SIGTERM');
    const batch = Array.from({ length: 50 }, (_, j) => ({ type: 'track', userId: `u-${j % 5}`, event: 'While stopped', messageId: `stopped-${j}` }));
    expect((await post(running.url, '/v1/batch', { batch })).status).toBe(200);
    const [{ n }] = await running.platform.dataSource.query(`SELECT count(*)::int AS n FROM events.outbox`);
    expect(n).toBe(50);

    await kafka.restart();
    await waitFor(() => recorder.byMessageId().size === before + 50, { timeoutMs: 60_000, what: 'the events accepted while the broker was stopped' });
    expect(batch.every((e) => recorder.byMessageId().get(e.messageId)?.length === 1)).toBe(true);
  });
});
