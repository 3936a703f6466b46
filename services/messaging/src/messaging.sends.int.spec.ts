import { devWorkspace } from '@cairn/config';
import { ManualClock } from '@cairn/core';
import { waitFor } from '@cairn/testing';
import { Json, MessagingHarness } from './testing/messaging.harness';

/**
 * Sends no journey starts, through the service's HTTP API on Kafka and
 * Postgres: `POST /v1/send` with a send-only key, `GET /v1/messages/:id`
 * beside the delivery log's own routes, the outcome on the topic, and the
 * unsubscribe link's pages.
 */
const SEND_KEY = 'shop-order-service-send-key';
const ADMIN_KEY = 'shop-admin-key-0001';
const shop = { ...devWorkspace(), id: 'shop', name: 'Shop', writeKeys: ['shop-write-key-0001'], adminKeys: [ADMIN_KEY], sendKeys: [SEND_KEY] };

describe('messaging: sends through the API and unsubscribe links', () => {
  const h = new MessagingHarness(new ManualClock('2026-11-03T03:00:00.000Z'), [shop]); // Tuesday 12:00 KST

  async function http(method: string, path: string, options: { key?: string; body?: unknown; headers?: Record<string, string> } = {}) {
    const headers: Record<string, string> = { 'content-type': 'application/json', ...options.headers };
    if (options.key) headers.authorization = `Bearer ${options.key}`;
    const res = await fetch(`${h.service.url}${path}`, { method, headers, body: options.body === undefined ? undefined : JSON.stringify(options.body) });
    const text = await res.text();
    let json: Json;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    return { status: res.status, json, text, headers: res.headers };
  }
  const send = (key: string, body: unknown, credential = SEND_KEY) => http('POST', '/v1/send', { key: credential, body, headers: { 'idempotency-key': key } });

  beforeAll(async () => {
    await h.start();
    await h.webhook('orders', '/orders', {}, ADMIN_KEY);
    const template = { key: 'order-confirmation', channel: 'webhook', category: 'transactional', content: { json: { text: '주문 {{ data.orderId }} 확인' } } };
    expect((await h.call('POST', '/v1/templates', template, ADMIN_KEY)).status).toBe(201);
  });

  afterAll(() => h.stop());

  it('sends with a send-only key: 202 with the id, the same id on a retry, one delivery and one outcome', async () => {
    const body = { userId: 'minji', channel: 'orders', template: 'order-confirmation', data: { orderId: 'A-1001' } };
    const first = await send('order-A-1001', body);
    expect(first.status).toBe(202);
    expect(first.json).toMatchObject({ id: expect.any(String), status: 'SENDING' });
    for (let i = 0; i < 2; i++) expect((await send('order-A-1001', body)).json.id).toBe(first.json.id);
    const message = await waitFor(
      async () => {
        const got = await http('GET', `/v1/messages/${first.json.id}`, { key: SEND_KEY });
        return got.json?.status === 'SENT' ? got.json : undefined;
      },
      { what: 'the order confirmation sent' },
    );
    expect(message).toMatchObject({ userId: 'minji', channel: 'orders', template: 'order-confirmation', content: { json: { text: '주문 A-1001 확인' } } });
    expect(h.hitsFor('api:order-A-1001')).toHaveLength(1);
    await waitFor(async () => h.outcomes.some((o) => o.idempotencyKey === 'api:order-A-1001' && o.status === 'SENT'), { what: 'the SENT outcome' });
    expect(h.outcomes.filter((o) => o.workspaceId === 'shop')).toHaveLength(1);
  });

  it('keeps /v1/messages/series and /search answering, and a send key opens nothing else', async () => {
    expect((await http('GET', '/v1/messages/series?window=1h&bucket=1h', { key: ADMIN_KEY })).status).toBe(200);
    expect((await http('GET', '/v1/messages/search?userId=minji', { key: ADMIN_KEY })).json.messages).toHaveLength(1);
    expect((await http('GET', '/v1/messages/search', { key: SEND_KEY })).status).toBe(401);
    expect((await http('GET', '/v1/channels', { key: SEND_KEY })).status).toBe(401);
    expect((await http('GET', '/v1/messages/not-an-id', { key: SEND_KEY })).status).toBe(404);
    // Another workspace's key does not see the message.
    const other = (await http('GET', '/v1/messages/search?userId=minji', { key: ADMIN_KEY })).json.messages[0].id;
    expect((await http('GET', `/v1/messages/${other}`, { key: 'dev-admin-key' })).status).toBe(404);
  });

  it('answers 400 naming the field for a missing Idempotency-Key, an unknown channel or template and a missing address', async () => {
    const noKey = await http('POST', '/v1/send', { key: SEND_KEY, body: { userId: 'minji', channel: 'orders', template: 'order-confirmation' } });
    expect([noKey.status, noKey.json.fields.map((f: Json) => f.path)]).toEqual([400, ['Idempotency-Key']]);
    const unknown = await send('k-unknown', { userId: 'minji', channel: 'fax', template: 'nope' });
    expect([unknown.status, unknown.json.code, unknown.json.fields.map((f: Json) => f.path)]).toEqual([400, 'VALIDATION_FAILED', ['channel', 'template']]);
    await h.call('POST', '/v1/channels', { key: 'sms', type: 'sms-http', config: { url: 'https://sms.example.com/send' } }, ADMIN_KEY);
    await h.call('POST', '/v1/templates', { key: 'order-sms', channel: 'sms', content: { text: '주문 {{ data.orderId }}' } }, ADMIN_KEY);
    const noPhone = await send('k-phone', { userId: 'minji', channel: 'sms', template: 'order-sms', category: 'transactional', data: { orderId: 'A-1' } });
    expect([noPhone.status, noPhone.json.fields]).toEqual([
      400,
      [{ path: 'to.phone', message: 'the user has no phone trait for channel "sms"; give to.phone' }],
    ]);
    const render = await send('k-render', { userId: 'minji', channel: 'orders', template: 'order-confirmation' });
    expect([render.status, render.json.code, render.json.fields[0].path]).toEqual([422, 'TEMPLATE_RENDER_FAILED', 'template']);
    expect((await http('GET', '/v1/messages/search?userId=minji', { key: ADMIN_KEY })).json.messages).toHaveLength(1);
  });

  it('unsubscribes with the token alone and answers a page in Korean and English; a forged token is a 400 page that changes nothing', async () => {
    const template = { key: 'news', channel: 'webhook', category: 'promotional', content: { json: { link: '{{ unsubscribe_url }}' } } };
    await h.call('POST', '/v1/templates', template, ADMIN_KEY);
    await h.call('PUT', '/v1/users/seoyeon/consents', { channels: { orders: { advertising: true, night: true } }, source: 'signup' }, ADMIN_KEY);
    const sent = await send('news-1', { userId: 'seoyeon', channel: 'orders', template: 'news' }, ADMIN_KEY);
    const link = await waitFor(async () => (await http('GET', `/v1/messages/${sent.json.id}`, { key: ADMIN_KEY })).json.content?.json?.link, {
      what: 'the link',
    });
    const token = new URL(link).searchParams.get('token')!;

    const forged = await http('GET', `/v1/unsubscribe?token=${encodeURIComponent(token.slice(0, -3))}xyz`);
    expect(forged.status).toBe(400);
    expect(forged.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(forged.text).toContain('이 수신거부 링크는 올바르지 않습니다');
    expect((await h.call('GET', '/v1/users/seoyeon/consents', undefined, ADMIN_KEY)).json.channels.orders.advertising.granted).toBe(true);

    const page = await http('GET', `/v1/unsubscribe?token=${encodeURIComponent(token)}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('수신거부가 완료되었습니다');
    expect(page.text).toContain('You are unsubscribed');
    expect(page.headers.get('cache-control')).toBe('no-store');
    const consents = (await h.call('GET', '/v1/users/seoyeon/consents', undefined, ADMIN_KEY)).json;
    expect(consents.channels.orders.advertising).toMatchObject({ granted: false, source: 'unsubscribe-link' });
    // RFC 8058's one-click POST (form-encoded body) answers the same.
    const oneClick = await fetch(`${h.service.url}/v1/unsubscribe?token=${encodeURIComponent(token)}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(oneClick.status).toBe(200);

    const after = await send('news-2', { userId: 'seoyeon', channel: 'orders', template: 'news' }, ADMIN_KEY);
    expect(after.json).toMatchObject({ status: 'SUPPRESSED', reason: 'consent_withdrawn' });
  });
});
