import { devWorkspace } from '@cairn/config';
import { ManualClock } from '@cairn/core';
import { waitFor } from '@cairn/testing';
import { Json, MessagingHarness } from '../testing/messaging.harness';

/**
 * The console's delivery-log reads on a real Kafka and Postgres: the send
 * series (per hour and status, totals per journey) and the filtered log in
 * pages, both scoped to the caller's workspace.
 */
describe('messaging: send series and the filtered delivery log', () => {
  const OTHER = { ...devWorkspace(), id: 'other', name: 'Other', writeKeys: ['other-write-key'], adminKeys: ['other-admin-key'] };
  const h = new MessagingHarness(new ManualClock('2026-11-04T03:10:00.000Z'), [OTHER]); // Wednesday 12:10 KST
  const journey = (key: string) => ({ key, version: 1, runId: `run-${key}`, step: 'send' });

  beforeAll(async () => {
    await h.start();
    await h.webhook('hook', '/hook');
    await h.call('POST', '/v1/templates', { key: 'promo', channel: 'webhook', category: 'promotional', content: { json: { text: 'Hi {{ user.name }}' } } });
    await h.call('POST', '/v1/templates', {
      key: 'notice',
      channel: 'webhook',
      category: 'transactional',
      content: { json: { text: 'Shipped, {{ user.name }}' } },
    });
    // 03:10: two transactional sends (SENT) and a promotional one without consent (SUPPRESSED no_consent).
    await h.publish([
      h.request('u-1', { template: 'notice', category: 'transactional', journey: journey('welcome') }),
      h.request('u-2', { template: 'notice', category: 'transactional', journey: journey('cart') }),
      h.request('u-3', { template: 'promo', journey: journey('cart') }),
    ]);
    for (const user of ['u-1', 'u-2', 'u-3']) await h.settled(user, 1);
    // 05:20: one more, outside any journey.
    h.clock.set('2026-11-04T05:20:00.000Z');
    await h.publish([h.request('u-4', { template: 'notice', category: 'transactional', journey: undefined })]);
    await h.settled('u-4', 1);
  });

  afterAll(() => h.stop());

  it('counts sends per hour bucket and status over the window, every bucket present, with totals per journey', async () => {
    const { status, json } = await h.call('GET', '/v1/messages/series?window=6h&bucket=1h');
    expect(status).toBe(200);
    expect(json.bucket).toBe('1h');
    expect(json.from).toBe('2026-11-03T23:00:00.000Z');
    expect(json.to).toBe('2026-11-04T05:20:00.000Z');
    expect(json.points).toHaveLength(7);
    const at = (iso: string) => json.points.find((p: Json) => p.at === iso).counts;
    expect(at('2026-11-04T03:00:00.000Z')).toMatchObject({ SENT: 2, SUPPRESSED: 1 });
    expect(at('2026-11-04T04:00:00.000Z')).toMatchObject({ SENT: 0, SUPPRESSED: 0 });
    expect(at('2026-11-04T05:00:00.000Z')).toMatchObject({ SENT: 1 });
    expect(json.totals).toEqual({ PENDING: 0, SENDING: 0, SENT: 3, FAILED: 0, SUPPRESSED: 1, DEFERRED: 0 });
    expect(json.byJourney.cart).toMatchObject({ SENT: 1, SUPPRESSED: 1 });
    expect(json.byJourney.welcome).toMatchObject({ SENT: 1 });
    expect(json.byJourney['']).toMatchObject({ SENT: 1 });

    const cart = await h.call('GET', '/v1/messages/series?window=1d&bucket=6h&journey=cart&channel=hook');
    expect(cart.json.totals).toMatchObject({ SENT: 1, SUPPRESSED: 1 });
    expect(Object.keys(cart.json.byJourney)).toEqual(['cart']);
    expect((await h.call('GET', '/v1/messages/series?window=1h')).json.totals.SENT).toBe(1);
  });

  it('filters the log by status, reason, channel and journey, newest first, in pages', async () => {
    const search = async (query: string) => {
      const answer = await h.call('GET', `/v1/messages/search?${query}`);
      if (answer.status !== 200) throw new Error(JSON.stringify(answer.json));
      return answer.json;
    };
    const suppressed = await search('status=SUPPRESSED&reason=no_consent');
    expect(suppressed.messages.map((m: Json) => [m.userId, m.journey, m.status, m.reason])).toEqual([['u-3', 'cart', 'SUPPRESSED', 'no_consent']]);
    expect((await search('journey=cart&status=SENT')).messages.map((m: Json) => m.userId)).toEqual(['u-2']);
    expect((await search('channel=nowhere')).messages).toEqual([]);
    expect((await search('userId=u-1')).messages[0]).toMatchObject({ template: 'notice', channel: 'hook', content: { json: { text: 'Shipped, u-1' } } });

    // u-4 is newest; the other three were requested together (their order is the consumer's).
    const first = await search('channel=hook&limit=3');
    expect(first.messages.map((m: Json) => m.userId)[0]).toBe('u-4');
    expect(first.next).toEqual(expect.any(String));
    const second = await search(`channel=hook&limit=3&before=${encodeURIComponent(first.next)}`);
    expect(second.messages).toHaveLength(1);
    expect(second.next).toBeNull();
    expect([...first.messages, ...second.messages].map((m: Json) => m.userId).sort()).toEqual(['u-1', 'u-2', 'u-3', 'u-4']);
  });

  it('answers bad input 400 with a code and the field', async () => {
    const fields = async (path: string) => {
      const { status, json } = await h.call('GET', path);
      return [status, json.code, json.fields?.map((f: Json) => f.path)];
    };
    expect(await fields('/v1/messages/series?window=soon')).toEqual([400, 'VALIDATION_FAILED', ['window']]);
    expect(await fields('/v1/messages/series?window=91d&bucket=1d')).toEqual([400, 'VALIDATION_FAILED', ['window']]);
    expect(await fields('/v1/messages/series?bucket=1s')).toEqual([400, 'VALIDATION_FAILED', ['bucket']]);
    expect(await fields('/v1/messages/series?window=30d&bucket=1m')).toEqual([400, 'VALIDATION_FAILED', ['bucket']]);
    expect(await fields('/v1/messages/search?status=LOST&limit=0&before=x')).toEqual([400, 'VALIDATION_FAILED', ['status', 'limit', 'before']]);
    expect(await fields('/v1/messages/search?reason=a&reason=b')).toEqual([400, 'INVALID_PARAMETER', ['reason']]);
  });

  it('is admin-key protected and scoped to the caller’s workspace; GET /v1/messages still answers the log', async () => {
    expect((await fetch(`${h.service.url}/v1/messages/series`)).status).toBe(401);
    expect((await fetch(`${h.service.url}/v1/messages/search`)).status).toBe(401);
    const other = await h.call('GET', '/v1/messages/series', undefined, 'other-admin-key');
    expect(other.json.totals.SENT).toBe(0);
    expect((await h.call('GET', '/v1/messages/search', undefined, 'other-admin-key')).json.messages).toEqual([]);
    await waitFor(async () => (await h.log('u-1')).length === 1, { what: "u-1's log" });
  });

  it('documents both endpoints in OpenAPI', async () => {
    const docs = (await (await fetch(`${h.service.url}/docs-json`)).json()) as { paths: Record<string, { get?: unknown }> };
    expect(JSON.stringify(docs.paths['/v1/messages/series']?.get)).toContain('byJourney');
    expect(JSON.stringify(docs.paths['/v1/messages/search']?.get)).toContain('before');
  });
});
