import { ManualClock } from '@cairn/core';
import { waitFor } from '@cairn/testing';
import { Json, MessagingHarness } from './testing/messaging.harness';
import { SegmentsStub } from './testing/segments-stub';

/**
 * Broadcasts through the service's HTTP API, its background loop, Kafka and
 * Postgres, with a stand-in for the segments service: every member once, the
 * progress, and a broadcast that waits out a segments outage (listed in
 * /v1/parked/messaging) and goes on once segments answers again.
 */
describe('messaging: broadcasts', () => {
  const segments = new SegmentsStub();
  const h = new MessagingHarness(new ManualClock('2026-11-03T03:00:00.000Z'), [], () => ({ segments: segments.url }));
  const members = (prefix: string, n: number) =>
    Array.from({ length: n }, (_, i) => ({ userId: `${prefix}-${String(i).padStart(4, '0')}`, traits: { name: `${i}` } }));
  const broadcast = async (id: string) => (await h.call('GET', `/v1/broadcasts/${id}`)).json;

  beforeAll(async () => {
    await segments.start();
    await h.start();
    await h.webhook('hook', '/news');
    await h.call('POST', '/v1/templates', { key: 'notice', channel: 'webhook', content: { json: { text: '{{ user.name }}, the shop moves on Monday' } } });
    segments.segments.set('customers', members('c', 1_300));
    segments.segments.set('late', members('l', 30));
  });

  afterAll(async () => {
    await h.stop();
    await segments.stop();
  });

  it('sends every member of the segment exactly once and shows the progress', async () => {
    const created = await h.call('POST', '/v1/broadcasts', {
      key: 'moving',
      segment: 'customers',
      channel: 'hook',
      template: 'notice',
      category: 'transactional',
    });
    expect(created.status).toBe(201);
    const done = await waitFor(
      async () => {
        const b = await broadcast('moving');
        return b.status === 'completed' && b.progress.sent === 1_300 ? b : undefined;
      },
      { what: 'the broadcast completed', timeoutMs: 90_000 },
    );
    expect(done.progress).toMatchObject({ targeted: 1_300, targetingDone: true, pending: 0, sending: 0, suppressed: 0, failed: 0 });
    const hits = h.received.filter((r) => r.path === '/news');
    expect(hits).toHaveLength(1_300);
    expect(new Set(hits.map((r) => r.headers['idempotency-key'])).size).toBe(1_300);
    expect(JSON.parse(hits[0].body)).toMatchObject({ userId: 'c-0000', content: { json: { text: '0, the shop moves on Monday' } } });
    await waitFor(async () => h.outcomes.filter((o) => o.idempotencyKey.startsWith(`broadcast:${done.id}:`)).length === 1_300, { what: 'every outcome' });
  });

  it('waits while segments does not answer, listed as failing background work, and goes on when it answers again', async () => {
    segments.failing = true;
    expect(
      (await h.call('POST', '/v1/broadcasts', { key: 'late', segment: 'late', channel: 'hook', template: 'notice', category: 'transactional' })).status,
    ).toBe(503);
    segments.failing = false;
    expect(
      (await h.call('POST', '/v1/broadcasts', { key: 'late', segment: 'late', channel: 'hook', template: 'notice', category: 'transactional' })).status,
    ).toBe(201);
    segments.failing = true;
    const failing = await waitFor(async () => (await h.call('GET', '/v1/parked/messaging?kind=broadcast')).json.items[0], {
      what: 'the broadcast listed as failing',
    });
    expect(failing).toMatchObject({ kind: 'broadcast', state: 'retrying', reason: expect.stringContaining('segments service could not be asked') });
    expect(await broadcast('late')).toMatchObject({ status: 'scheduled', progress: { targeted: 0 } });
    segments.failing = false;
    h.clock.set('2026-11-03T03:01:00.000Z'); // past the first backoff
    await waitFor(async () => (await broadcast('late')).status === 'completed', { what: 'the late broadcast completed' });
    expect((await broadcast('late')).progress.sent).toBe(30);
    expect((await h.call('GET', '/v1/parked/messaging?kind=broadcast')).json.items).toEqual([]);
  });

  it('answers 400 naming the field, 404 for an unknown broadcast and 409 for a key taken', async () => {
    const bad = await h.call('POST', '/v1/broadcasts', { key: 'x', segment: 'nobody', channel: 'hook', template: 'notice', category: 'transactional' });
    expect([bad.status, bad.json.fields.map((f: Json) => f.path)]).toEqual([400, ['segment']]);
    expect((await h.call('GET', '/v1/broadcasts/nope')).status).toBe(404);
    expect(
      (await h.call('POST', '/v1/broadcasts', { key: 'moving', segment: 'customers', channel: 'hook', template: 'notice', category: 'transactional' })).json
        .code,
    ).toBe('BROADCAST_EXISTS');
  });
});
