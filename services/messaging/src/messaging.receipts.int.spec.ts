import { ManualClock } from '@cairn/core';
import { waitFor } from '@cairn/testing';
import { signBody } from './providers/webhook.provider';
import { Json, MessagingHarness, WEBHOOK_SECRET } from './testing/messaging.harness';

/**
 * Delivery receipts over HTTP on Kafka and Postgres: signed with the channel's
 * signing secret over the body's bytes as sent, without an admin key; the
 * message moves on and each new kind goes out as an outcome.
 */
describe('messaging: delivery receipts', () => {
  const clock = new ManualClock('2026-11-03T03:00:00.000Z');
  const h = new MessagingHarness(clock);

  async function post(channel: string, text: string, secret: string): Promise<{ status: number; json: Json }> {
    const res = await fetch(`${h.service.url}/v1/channels/${channel}/receipts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-cairn-signature': signBody(secret, text, Math.floor(clock.now().getTime() / 1000)) },
      body: text,
    });
    return { status: res.status, json: await res.json() };
  }
  async function sendOne(key: string, channel: string, template: string, to: Record<string, string> = {}): Promise<string> {
    const res = await fetch(`${h.service.url}/v1/send`, {
      method: 'POST',
      headers: { authorization: 'Bearer dev-admin-key', 'content-type': 'application/json', 'idempotency-key': key },
      body: JSON.stringify({ userId: 'minji', channel, template, category: 'transactional', to }),
    });
    expect(res.status).toBe(202);
    const { id } = (await res.json()) as { id: string };
    await waitFor(async () => (await h.call('GET', `/v1/messages/${id}`)).json.status === 'SENT', { what: `${key} sent` });
    return id;
  }

  beforeAll(async () => {
    await h.start();
    await h.webhook('hook', '/hook');
    const sms = { url: `http://127.0.0.1:${h.port}/sms`, allowedAddresses: ['127.0.0.1'], signingSecret: 'sms-receipts-signing-key' };
    expect((await h.call('POST', '/v1/channels', { key: 'sms', type: 'sms-http', config: sms })).status).toBe(201);
    await h.call('POST', '/v1/templates', { key: 'notice', channel: 'webhook', content: { json: { text: 'hello' } } });
    await h.call('POST', '/v1/templates', { key: 'notice-sms', channel: 'sms', content: { text: 'hello' } });
  });

  afterAll(() => h.stop());

  it('records receipts signed over the body as sent, without a key, and publishes each new kind as an outcome', async () => {
    const id = await sendOne('notice-1', 'hook', 'notice');
    // Whitespace and key order as the provider sent them: the signature covers these bytes.
    const text = `{ "receipts": [ {"status": "DELIVERED", "messageId": "${id}"},\n {"messageId": "${id}", "status": "CLICKED"} ] }`;
    expect(await post('hook', text, WEBHOOK_SECRET)).toEqual({ status: 200, json: { results: ['recorded', 'recorded'] } });
    const message = (await h.call('GET', `/v1/messages/${id}`)).json;
    expect(message).toMatchObject({ status: 'CLICKED', deliveredAt: '2026-11-03T03:00:00.000Z', clickedAt: '2026-11-03T03:00:00.000Z', openedAt: null });
    await waitFor(async () => h.outcomes.filter((o) => o.idempotencyKey === 'api:notice-1').length === 3, { what: 'three outcomes' });
    expect(h.outcomes.filter((o) => o.idempotencyKey === 'api:notice-1').map((o) => o.status)).toEqual(['SENT', 'DELIVERED', 'CLICKED']);
  });

  it('authenticates a gateway channel by its signingSecret, and answers 401 for a wrong or missing signature', async () => {
    const id = await sendOne('notice-2', 'sms', 'notice-sms', { phone: '01012345678' });
    const text = JSON.stringify({ receipts: [{ idempotencyKey: 'api:notice-2', status: 'BOUNCED', bounce: 'soft' }] });
    expect((await post('sms', text, 'not-the-signing-key-at-all')).status).toBe(401);
    const unsigned = await fetch(`${h.service.url}/v1/channels/sms/receipts`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: text });
    expect(unsigned.status).toBe(401);
    expect(await post('sms', text, 'sms-receipts-signing-key')).toEqual({ status: 200, json: { results: ['recorded'] } });
    expect((await h.call('GET', `/v1/messages/${id}`)).json).toMatchObject({ status: 'BOUNCED', bounce: 'soft' });
    const bad = await post('sms', JSON.stringify({ receipts: [{ idempotencyKey: 'api:notice-2', status: 'READ' }] }), 'sms-receipts-signing-key');
    expect([bad.status, bad.json.fields.map((f: Json) => f.path)]).toEqual([400, ['receipts[0].status']]);
  });
});
