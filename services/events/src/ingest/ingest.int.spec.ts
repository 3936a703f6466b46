import { decodeMessage, TOPICS } from '@cairn/contracts';
import { ManualClock } from '@cairn/core';
import { waitFor } from '@cairn/testing';
import RudderAnalytics from '@rudderstack/rudder-sdk-node';
import { Analytics } from '@segment/analytics-node';
import { gzipSync } from 'node:zlib';
import { post, SHOP_B, useEventsService } from '../testing/events-test-kit';

const T0 = '2026-11-02T10:00:00.000Z';

describe('events: ingest API', () => {
  const clock = new ManualClock(T0);
  const svc = useEventsService(clock);

  const published = (messageId: string, topic: string = TOPICS.events) =>
    waitFor(() => svc.recorder.byMessageId(topic).get(messageId)?.[0], { what: `${messageId} on ${topic}` });

  it('publishes every call type under the topic contract, keyed by user, with identity links', async () => {
    const calls: Array<[string, Record<string, unknown>, boolean]> = [
      ['/v1/track', { userId: 'u-1', event: 'Product Viewed', properties: { productId: 'P-100' }, messageId: 'c-track' }, false],
      ['/v1/identify', { userId: 'u-1', anonymousId: 'anon-1', traits: { tier: 'gold' }, messageId: 'c-identify' }, true],
      ['/v1/page', { anonymousId: 'anon-1', name: 'Home', messageId: 'c-page' }, true],
      ['/v1/screen', { userId: 'u-1', name: 'Cart', messageId: 'c-screen' }, false],
      ['/v1/alias', { previousId: 'anon-1', userId: 'u-1', messageId: 'c-alias' }, true],
      ['/v1/group', { userId: 'u-1', groupId: 'acme', traits: { plan: 'pro' }, messageId: 'c-group' }, false],
    ];
    for (const [path, body, basic] of calls) expect(await post(svc.running.url, path, body, { basic })).toMatchObject({ status: 200, body: { success: true } });
    const keys: Record<string, string | null> = {};
    for (const [path, body] of calls) {
      const message = await published(body.messageId as string);
      const decoded = decodeMessage<Record<string, unknown>>(TOPICS.events, message.key, message.value);
      expect(decoded).toMatchObject({ ok: true, value: { workspaceId: 'dev', type: path.slice(4), receivedAt: T0, timestamp: T0 } });
      keys[path] = message.key;
    }
    expect(keys).toEqual({
      '/v1/track': 'dev:u-1',
      '/v1/identify': 'dev:u-1',
      '/v1/page': 'dev:anon-1',
      '/v1/screen': 'dev:u-1',
      '/v1/alias': 'dev:u-1',
      '/v1/group': 'dev:u-1',
    });
    expect(svc.recorder.values().find((e) => e.messageId === 'c-identify')).toMatchObject({ userId: 'u-1', anonymousId: 'anon-1' });
    expect(svc.recorder.values().find((e) => e.messageId === 'c-alias')).toMatchObject({ previousId: 'anon-1', userId: 'u-1' });
  });

  it('corrects producer clock skew from sentAt and clamps far-future timestamps to receivedAt', async () => {
    const skewed = { userId: 'u-2', event: 'E', messageId: 'skewed', timestamp: '2026-11-02T11:00:00.000Z', sentAt: '2026-11-02T11:00:05.000Z' };
    await post(svc.running.url, '/v1/track', skewed);
    await post(svc.running.url, '/v1/batch', { batch: [{ type: 'track', userId: 'u-2', event: 'E', messageId: 'future', timestamp: '2030-01-01T00:00:00Z' }] });
    expect(JSON.parse((await published('skewed')).value.toString())).toMatchObject({ timestamp: '2026-11-02T09:59:55.000Z', receivedAt: T0 });
    expect(JSON.parse((await published('future')).value.toString())).toMatchObject({ timestamp: T0 });
  });

  it('accepts gzip-encoded bodies', async () => {
    const body = gzipSync(JSON.stringify({ batch: [{ type: 'track', userId: 'u-3', event: 'Zipped', messageId: 'gz-1' }] }));
    expect((await post(svc.running.url, '/v1/batch', body, { headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' } })).status).toBe(200);
    expect(JSON.parse((await published('gz-1')).value.toString())).toMatchObject({ event: 'Zipped', userId: 'u-3' });
  });

  it('publishes catalog events keyed by item, once per messageId', async () => {
    const restock = { event: 'Product Restocked', itemId: 'P-100', properties: { stock: 40 }, messageId: 'cat-1' };
    expect((await post(svc.running.url, '/v1/catalog/events', restock)).status).toBe(200);
    expect((await post(svc.running.url, '/v1/catalog/events', restock)).status).toBe(200);
    await post(svc.running.url, '/v1/catalog/events', { ...restock, messageId: 'cat-2' });
    const message = await published('cat-2', TOPICS.catalogEvents);
    expect(message.key).toBe('dev:P-100');
    expect(decodeMessage(TOPICS.catalogEvents, message.key, message.value)).toMatchObject({ ok: true, value: { itemId: 'P-100', workspaceId: 'dev' } });
    expect(svc.recorder.byMessageId(TOPICS.catalogEvents).get('cat-1')).toHaveLength(1);
  });

  it('takes null fields of a catalog event as absent, publishing what the topic contract accepts', async () => {
    const body = { event: 'Price Dropped', itemId: 'P-9', properties: null, timestamp: null, sentAt: null, messageId: 'cat-null' };
    expect((await post(svc.running.url, '/v1/catalog/events', body)).status).toBe(200);
    const message = await published('cat-null', TOPICS.catalogEvents);
    const decoded = decodeMessage<Record<string, unknown>>(TOPICS.catalogEvents, message.key, message.value);
    expect(decoded).toMatchObject({ ok: true, value: { itemId: 'P-9', timestamp: T0 } });
    expect(decoded.ok && 'properties' in decoded.value).toBe(false);
  });

  it('writes with a write key of workspace B only into workspace B, whatever the body claims', async () => {
    clock.advance(10_000);
    const body = { userId: 'u-1', event: 'Shared id', messageId: 'same-id', workspaceId: 'dev', context: { workspaceId: 'dev' } };
    expect((await post(svc.running.url, '/v1/track', body, { key: SHOP_B.writeKeys[0], basic: true })).status).toBe(200);
    expect((await post(svc.running.url, '/v1/track', body)).status).toBe(200);
    await waitFor(() => svc.recorder.byMessageId().get('same-id')?.length === 2, { what: 'the id once per workspace' });
    const copies = svc.recorder
      .byMessageId()
      .get('same-id')!
      .map((m) => [m.key, JSON.parse(m.value.toString()).workspaceId]);
    expect(copies.sort()).toEqual([
      ['dev:u-1', 'dev'],
      ['shop-b:u-1', 'shop-b'],
    ]);
  });

  it('answers 429 with Retry-After past the workspace rate and accepts again once it refilled', async () => {
    clock.advance(10_000);
    const batch = Array.from({ length: 5 }, (_, i) => ({ type: 'track', userId: 'rl', event: 'E', messageId: `rl-${i}` }));
    const key = { key: SHOP_B.writeKeys[0] };
    expect((await post(svc.running.url, '/v1/batch', { batch }, key)).status).toBe(200);
    const limited = await post(svc.running.url, '/v1/track', { userId: 'rl', event: 'E', messageId: 'rl-late' }, key);
    expect({ status: limited.status, code: limited.body.code, retryAfter: limited.headers.get('retry-after') }).toEqual({
      status: 429,
      code: 'RATE_LIMITED',
      retryAfter: '1',
    });
    expect((await post(svc.running.url, '/v1/track', { userId: 'rl', event: 'E', messageId: 'dev-unaffected' })).status).toBe(200);
    clock.advance(1_000);
    expect((await post(svc.running.url, '/v1/track', { userId: 'rl', event: 'E', messageId: 'rl-late' }, key)).status).toBe(200);
    await published('rl-late');
  });

  it('delivers what the official Segment Node SDK sends, unchanged', async () => {
    const analytics = new Analytics({ writeKey: 'dev-write-key', host: svc.running.url, path: '/v1/batch', maxEventsInBatch: 1, maxRetries: 0 });
    const failures: unknown[] = [];
    analytics.on('error', (err) => failures.push(err));
    analytics.identify({ anonymousId: 'sdk-anon', userId: 'sdk-user', traits: { tier: 'gold' } });
    analytics.track({ userId: 'sdk-user', event: 'Order Completed', properties: { total: 39000 } });
    analytics.page({ anonymousId: 'sdk-anon', name: 'Home' });
    await analytics.closeAndFlush({ timeout: 10_000 });
    expect(failures).toEqual([]);
    const fromSdk = () => svc.recorder.values().filter((e) => e.userId === 'sdk-user' || e.anonymousId === 'sdk-anon');
    await waitFor(() => fromSdk().length === 3, { what: 'the SDK events' });
    expect(
      fromSdk()
        .map((e) => e.type)
        .sort(),
    ).toEqual(['identify', 'page', 'track']);
    expect(fromSdk().find((e) => e.type === 'track')).toMatchObject({
      event: 'Order Completed',
      properties: { total: 39000 },
      context: { library: { name: '@segment/analytics-node' } },
    });
  });

  it('delivers what the official RudderStack Node SDK sends (gzip, originalTimestamp), unchanged', async () => {
    const failures: unknown[] = [];
    const rudder = new RudderAnalytics('dev-write-key', {
      dataPlaneUrl: svc.running.url,
      flushAt: 3,
      logLevel: 'error',
      errorHandler: (err: unknown) => failures.push(err),
    });
    rudder.identify({ anonymousId: 'rs-anon', userId: 'rs-user', traits: { tier: 'silver' } });
    rudder.track({ userId: 'rs-user', event: 'Product Added', properties: { productId: 'P-7' } });
    rudder.alias({ previousId: 'rs-anon', userId: 'rs-user' });
    await rudder.flush();
    expect(failures).toEqual([]);
    const fromSdk = () => svc.recorder.values().filter((e) => e.userId === 'rs-user');
    await waitFor(() => fromSdk().length === 3, { what: 'the RudderStack events' });
    expect(
      fromSdk()
        .map((e) => e.type)
        .sort(),
    ).toEqual(['alias', 'identify', 'track']);
    expect(fromSdk().find((e) => e.type === 'alias')).toMatchObject({ previousId: 'rs-anon' });
  });

  it('documents every ingest endpoint with examples in OpenAPI', async () => {
    const doc = (await (await fetch(`${svc.running.url}/docs-json`)).json()) as {
      paths: Record<string, { post?: { requestBody?: { content: Record<string, { examples?: object }> } } }>;
    };
    for (const path of ['track', 'identify', 'page', 'screen', 'alias', 'group', 'batch', 'catalog/events']) {
      const examples = doc.paths[`/v1/${path}`]?.post?.requestBody?.content['application/json']?.examples;
      expect({ path, examples: Object.keys(examples ?? {}).length > 0 }).toEqual({ path, examples: true });
    }
  });
});
