import { ManualClock } from '@cairn/core';
import { waitFor } from '@cairn/testing';
import { Json, MessagingHarness } from './testing/messaging.harness';

/**
 * Poison never blocks shared work in messaging: the deferred poller decides
 * the due DEFERRED intents of every workspace together. An intent whose
 * decision fails on its own (its stored request cannot be read) costs only
 * itself: the others are decided and sent, it is set aside with backoff and
 * listed by `/v1/parked/messaging`, and an operator's retry sends it once.
 */
describe('messaging: a deferred intent that cannot be decided', () => {
  const h = new MessagingHarness(new ManualClock('2026-11-04T03:00:00.000Z'));
  const sql = (query: string, params: unknown[] = []) => h.service.platform.dataSource.query(query, params);

  beforeAll(async () => {
    await h.start();
    await h.webhook('hook', '/hook');
    await h.call('POST', '/v1/templates', { key: 'promo', channel: 'webhook', category: 'promotional', content: { json: { text: 'Hi {{ user.name }}' } } });
    await h.call('PUT', '/v1/frequency-policy', { rules: [{ scope: 'all', limit: 1, window: '1h' }], whenCapped: 'defer' });
  });

  afterAll(() => h.stop());

  it('sends the other deferred messages when one cannot be decided, lists it with its reason, and sends it once an operator retries it', async () => {
    for (const user of ['poison', 'other']) await h.call('PUT', `/v1/users/${user}/consents`, { channels: { hook: { advertising: true } }, source: 'signup' });
    const poison = [h.request('poison'), h.request('poison')];
    const other = [h.request('other'), h.request('other')];
    await h.publish([...poison, ...other]);
    await h.settled('poison', 2);
    await h.settled('other', 2);
    const deferred = (await h.log('poison')).find((e: Json) => e.status === 'DEFERRED');
    // A stored request the decision cannot read (set-up only).
    await sql(`UPDATE messaging.send_intents SET context = 'null'::jsonb WHERE id = $1`, [deferred.id]);

    h.clock.set('2026-11-04T04:00:01.000Z');
    await waitFor(async () => (await h.log('other')).every((e: Json) => e.status === 'SENT'), { what: "the other user's deferred message sent" });
    const failing = await waitFor(async () => (await h.call('GET', '/v1/parked/messaging?kind=deferred')).json.items[0], { what: 'the failing intent listed' });
    expect(failing).toMatchObject({ kind: 'deferred', item: deferred.id, state: 'retrying', attempts: 1, reason: expect.stringContaining('TypeError') });
    expect((await h.log('poison')).find((e: Json) => e.id === deferred.id).status).toBe('DEFERRED');

    await sql(`UPDATE messaging.send_intents SET context = '{"user": {"name": "poison"}}'::jsonb WHERE id = $1`, [deferred.id]);
    expect((await h.call('POST', `/v1/parked/messaging/deferred/${deferred.id}/retry`)).json).toEqual({
      kind: 'deferred',
      item: deferred.id,
      status: 'retrying',
    });
    await waitFor(async () => (await h.log('poison')).every((e: Json) => e.status === 'SENT'), { what: 'the repaired message sent' });
    expect(h.hitsFor(poison[1].idempotencyKey)).toHaveLength(1);
    expect((await h.call('GET', '/v1/parked/messaging')).json.items).toEqual([]);
  });
});
