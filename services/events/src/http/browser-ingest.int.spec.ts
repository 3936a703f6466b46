import { devWorkspace, WorkspaceConfig } from '@cairn/config';
import { decodeMessage, TOPICS } from '@cairn/contracts';
import { ManualClock } from '@cairn/core';
import { AUTH_FAILURE_BURST } from '@cairn/runtime';
import { waitFor } from '@cairn/testing';
import { gzipSync } from 'node:zlib';
import { useEventsService } from '../testing/events-test-kit';
import { CORS_ALLOWED_HEADERS, PREFLIGHT_MAX_AGE_SECONDS } from './cors.middleware';

const SHOP_ORIGIN = 'https://shop.example.com';
const OTHER_ORIGIN = 'https://other.example.com';
const workspace = (id: string, allowedOrigins: string[], ingestRatePerSecond = 1_000_000): WorkspaceConfig => ({
  ...devWorkspace(),
  id,
  name: id,
  writeKeys: [`${id}-write-key-1`],
  adminKeys: [`${id}-admin-key-1`],
  allowedOrigins,
  ingestRatePerSecond,
});
const SHOP = workspace('shop', [SHOP_ORIGIN]);
const OTHER = workspace('other', [OTHER_ORIGIN], 2);
const SERVER_ONLY = workspace('server', []);

/** A request as a browser page sends it: its origin, a client address of its own (failure budgets), the body as text. */
function browser(origin: string | undefined, address: string, headers: Record<string, string> = {}) {
  return { ...(origin ? { origin } : {}), 'x-forwarded-for': address, ...headers };
}

interface Answer {
  status: number;
  body: Record<string, unknown>;
  headers: Headers;
}

async function send(url: string, method: string, headers: Record<string, string>, body?: string | Buffer): Promise<Answer> {
  const response = await fetch(url, { method, headers, body: Buffer.isBuffer(body) ? new Uint8Array(body) : body });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {}, headers: response.headers };
}

const cors = (a: Answer) => ({
  origin: a.headers.get('access-control-allow-origin'),
  credentials: a.headers.get('access-control-allow-credentials'),
  vary: a.headers.get('vary'),
});

describe('events: browsers (CORS, text/plain, the key in the body or query, short paths, settings documents)', () => {
  const clock = new ManualClock('2026-11-02T10:00:00Z');
  const svc = useEventsService(clock, [SHOP, OTHER, SERVER_ONLY]);
  const url = (path: string) => svc.running.url + path;
  const published = (messageId: string) => waitFor(() => svc.recorder.values().find((e) => e.messageId === messageId), { what: `${messageId} published` });

  it('answers the preflight of every ingest path for an origin a workspace lists, and refuses other origins without CORS headers', async () => {
    const preflight = (path: string, origin: string, method = 'POST') =>
      send(url(path), 'OPTIONS', {
        origin,
        'access-control-request-method': method,
        'access-control-request-headers': 'authorization,content-type,anonymousid',
      });
    for (const path of [
      '/v1/track',
      '/v1/t',
      '/v1/i',
      '/v1/p',
      '/v1/a',
      '/v1/g',
      '/v1/s',
      '/v1/b',
      '/v1/batch',
      '/v1/catalog/events',
      '/beacon/v1/batch?writeKey=x',
    ]) {
      const answer = await preflight(path, SHOP_ORIGIN);
      expect({ path, status: answer.status, ...cors(answer) }).toEqual({
        path,
        status: 204,
        origin: SHOP_ORIGIN,
        credentials: 'true',
        vary: 'Origin, Access-Control-Request-Headers',
      });
      expect(answer.headers.get('access-control-allow-methods')).toBe('POST, OPTIONS');
      expect(answer.headers.get('access-control-allow-headers')).toBe('authorization,content-type,anonymousid');
      expect(answer.headers.get('access-control-max-age')).toBe(String(PREFLIGHT_MAX_AGE_SECONDS));
    }
    // what a preflight may ask for is named back when it is a list of header names; else the known ones
    const odd = await send(url('/v1/t'), 'OPTIONS', {
      origin: SHOP_ORIGIN,
      'access-control-request-method': 'POST',
      'access-control-request-headers': 'x-a;b',
    });
    expect([odd.status, odd.headers.get('access-control-allow-headers'), odd.headers.get('vary')]).toEqual([
      204,
      CORS_ALLOWED_HEADERS,
      'Origin, Access-Control-Request-Headers',
    ]);
    const settings = await preflight('/v1/projects/shop-write-key-1/settings', OTHER_ORIGIN, 'GET');
    expect([settings.status, settings.headers.get('access-control-allow-methods')]).toEqual([204, 'GET, HEAD, OPTIONS']);
    for (const origin of ['https://evil.example.com', 'http://shop.example.com', 'null']) {
      const refused = await preflight('/v1/t', origin);
      expect({ status: refused.status, code: refused.body.code, ...cors(refused) }).toEqual({
        status: 403,
        code: 'ORIGIN_NOT_ALLOWED',
        origin: null,
        credentials: null,
        vary: 'Origin',
      });
    }
    const plain = await send(url('/v1/track'), 'OPTIONS', {});
    expect([plain.status, plain.headers.get('allow'), plain.headers.get('access-control-allow-origin')]).toEqual([204, 'POST, OPTIONS', null]);
  });

  it('takes text/plain bodies with the write key in the body on the short paths, and CORS headers on the answer', async () => {
    const headers = browser(SHOP_ORIGIN, '198.51.100.10', { 'content-type': 'text/plain' });
    const track = {
      writeKey: 'shop-write-key-1',
      type: 'track',
      event: 'Product Viewed',
      anonymousId: 'anon-b1',
      messageId: 'b-track',
      properties: { productId: 'P-100' },
    };
    const answer = await send(url('/v1/t'), 'POST', headers, JSON.stringify(track));
    expect({ status: answer.status, body: answer.body, ...cors(answer) }).toEqual({
      status: 200,
      body: { success: true },
      origin: SHOP_ORIGIN,
      credentials: 'true',
      vary: 'Origin',
    });
    expect(answer.headers.get('access-control-expose-headers')).toBe('Retry-After');
    const batch = {
      writeKey: 'shop-write-key-1',
      batch: [
        { type: 'page', anonymousId: 'anon-b1', name: 'Flagship', messageId: 'b-page' },
        { type: 'group', anonymousId: 'anon-b1', groupId: 'acme', messageId: 'b-group' },
      ],
    };
    expect((await send(url('/v1/b'), 'POST', headers, JSON.stringify(batch))).status).toBe(200);
    expect(await published('b-track')).toMatchObject({ workspaceId: 'shop', type: 'track', event: 'Product Viewed', anonymousId: 'anon-b1' });
    expect(await published('b-page')).toMatchObject({ workspaceId: 'shop', type: 'page', name: 'Flagship' });
    expect(await published('b-group')).toMatchObject({ workspaceId: 'shop', type: 'group', groupId: 'acme' });
    expect(svc.recorder.values().some((e) => 'writeKey' in e)).toBe(false);
  });

  it("takes RudderStack's requests: its headers, identify traits in context.traits, and beacons with the key in the query", async () => {
    const basic = `Basic ${Buffer.from('shop-write-key-1:').toString('base64')}`;
    const headers = browser(SHOP_ORIGIN, '198.51.100.11', { authorization: basic, 'content-type': 'application/json;charset=UTF-8', anonymousid: 'YW5vbi1y' });
    const identify = {
      type: 'identify',
      userId: 'rs-1',
      anonymousId: 'anon-r',
      context: { traits: { name: 'Minji' } },
      messageId: 'r-identify',
      channel: 'web',
    };
    expect((await send(url('/v1/identify'), 'POST', headers, JSON.stringify(identify))).status).toBe(200);
    const beacon = {
      batch: [{ type: 'track', event: 'Page Unloaded', anonymousId: 'anon-r', userId: 'rs-1', messageId: 'r-unload' }],
      sentAt: '2026-11-02T10:00:00.000Z',
    };
    const sent = await send(
      url('/beacon/v1/batch?writeKey=shop-write-key-1'),
      'POST',
      browser(SHOP_ORIGIN, '198.51.100.11', { 'content-type': 'text/plain' }),
      JSON.stringify(beacon),
    );
    expect([sent.status, cors(sent).origin]).toEqual([200, SHOP_ORIGIN]);
    expect(await published('r-identify')).toMatchObject({ type: 'identify', userId: 'rs-1', anonymousId: 'anon-r', traits: { name: 'Minji' } });
    expect(await published('r-unload')).toMatchObject({ type: 'track', event: 'Page Unloaded', userId: 'rs-1' });
  });

  it("refuses a page of an origin the key's workspace does not list (403, no CORS headers), even when another workspace lists it", async () => {
    const event = JSON.stringify({ writeKey: 'shop-write-key-1', type: 'track', event: 'E', anonymousId: 'a', messageId: 'refused-1' });
    const listedElsewhere = await send(url('/v1/t'), 'POST', browser(OTHER_ORIGIN, '198.51.100.12', { 'content-type': 'text/plain' }), event);
    const listedNowhere = await send(
      url('/v1/track'),
      'POST',
      browser('https://evil.example.com', '198.51.100.12', { authorization: 'Bearer shop-write-key-1' }),
      event,
    );
    const serverOnly = await send(url('/v1/track'), 'POST', browser(SHOP_ORIGIN, '198.51.100.12', { authorization: 'Bearer server-write-key-1' }), event);
    for (const answer of [listedElsewhere, listedNowhere, serverOnly]) {
      expect({ status: answer.status, code: answer.body.code, ...cors(answer) }).toEqual({
        status: 403,
        code: 'ORIGIN_NOT_ALLOWED',
        origin: null,
        credentials: null,
        vary: 'Origin',
      });
    }
    // the same key from a server (no Origin) is accepted; the refused event was never accepted
    expect((await send(url('/v1/track'), 'POST', browser(undefined, '198.51.100.12', { authorization: 'Bearer server-write-key-1' }), event)).status).toBe(200);
    await published('refused-1');
    expect(
      svc.recorder
        .values()
        .filter((e) => e.messageId === 'refused-1')
        .map((e) => e.workspaceId),
    ).toEqual(['server']);
  });

  it('checks a key in the body as it checks the header: an unknown one is a 401 the page can read, counted against its address', async () => {
    const address = '203.0.113.20';
    const headers = browser(SHOP_ORIGIN, address, { 'content-type': 'text/plain' });
    const guess = (i: number) => JSON.stringify({ writeKey: `guess-${i}`, type: 'track', event: 'E', anonymousId: 'a' });
    for (let i = 0; i < AUTH_FAILURE_BURST; i++) {
      const answer = await send(url('/v1/t'), 'POST', headers, guess(i));
      expect([answer.status, answer.body.code, cors(answer).origin]).toEqual([401, 'UNAUTHORIZED', SHOP_ORIGIN]);
    }
    // no key in the body, or a body no key can be read from (not JSON, over 500 KB): 401 too, never the parser's answer
    const elsewhere = browser(SHOP_ORIGIN, '203.0.113.21', { 'content-type': 'text/plain' });
    for (const body of [
      '{"type":"track"}',
      '{"writeKey": "shop-write-key-1", not json',
      JSON.stringify({ writeKey: 'shop-write-key-1', pad: 'x'.repeat(600 * 1024) }),
    ]) {
      const answer = await send(url('/v1/t'), 'POST', elsewhere, body);
      expect([answer.status, answer.body.code]).toEqual([401, 'UNAUTHORIZED']);
    }
    // over its budget the address is refused before its body is read, whatever key the body holds
    const refused = await send(url('/v1/t'), 'POST', headers, '{"writeKey": "shop-write-key-1", not json');
    expect({ status: refused.status, code: refused.body.code, retryAfter: refused.headers.get('retry-after'), origin: cors(refused).origin }).toEqual({
      status: 429,
      code: 'TOO_MANY_AUTH_FAILURES',
      retryAfter: '5',
      origin: SHOP_ORIGIN,
    });
  });

  it('reads nothing compressed before it knows the key: a gzip body carrying its own key is a 401', async () => {
    const body = gzipSync(JSON.stringify({ writeKey: 'shop-write-key-1', type: 'track', event: 'E', anonymousId: 'a' }));
    const answer = await send(url('/v1/t'), 'POST', browser(SHOP_ORIGIN, '198.51.100.13', { 'content-type': 'text/plain', 'content-encoding': 'gzip' }), body);
    expect([answer.status, answer.body.code, answer.body.message]).toEqual([
      401,
      'UNAUTHORIZED',
      'a compressed body needs its write key outside it (Authorization header or writeKey query parameter)',
    ]);
  });

  it('lets the SDK read a 429 and its Retry-After', async () => {
    const headers = browser(OTHER_ORIGIN, '198.51.100.14', { authorization: 'Bearer other-write-key-1', 'content-type': 'text/plain' });
    const batch = JSON.stringify({ batch: Array.from({ length: 5 }, (_, i) => ({ type: 'track', event: 'E', anonymousId: 'a', messageId: `rl-${i}` })) });
    const answers = [await send(url('/v1/b'), 'POST', headers, batch), await send(url('/v1/b'), 'POST', headers, batch)];
    const limited = answers.find((a) => a.status === 429)!;
    expect({ code: limited.body.code, origin: cors(limited).origin, retryAfter: limited.headers.get('retry-after') !== null }).toEqual({
      code: 'RATE_LIMITED',
      origin: OTHER_ORIGIN,
      retryAfter: true,
    });
  });

  it("serves analytics.js's settings and RudderStack's source config, keyed by the write key and held to the workspace's origins", async () => {
    const page = browser(SHOP_ORIGIN, '198.51.100.15');
    const settings = await send(url('/v1/projects/shop-write-key-1/settings'), 'GET', page);
    expect({
      status: settings.status,
      apiKey: (settings.body.integrations as Record<string, { apiKey: string }>)['Segment.io'].apiKey,
      ...cors(settings),
    }).toEqual({
      status: 200,
      apiKey: 'shop-write-key-1',
      origin: SHOP_ORIGIN,
      credentials: 'true',
      vary: 'Origin',
    });
    expect(settings.headers.get('cache-control')).toBe('public, max-age=300');
    const basic = `Basic ${Buffer.from('shop-write-key-1:').toString('base64')}`;
    for (const [path, headers] of [
      ['/sourceConfig/?p=npm&v=3.34.1&build=modern&writeKey=shop-write-key-1&lockIntegrationsVersion=false', { ...page, authorization: basic }],
      ['/v1/sourceConfig?writeKey=shop-write-key-1', page],
    ] as const) {
      const config = await send(url(path), 'GET', headers);
      expect([config.status, config.body.source, cors(config).origin]).toEqual([
        200,
        expect.objectContaining({ enabled: true, destinations: [] }),
        SHOP_ORIGIN,
      ]);
    }
    expect((await send(url('/sourceConfig/?writeKey=shop-write-key-1'), 'HEAD', page)).status).toBe(200);
    const unknown = await send(url('/v1/projects/nobody-write-key/settings'), 'GET', page);
    expect([unknown.status, unknown.body.code]).toEqual([401, 'UNAUTHORIZED']);
    expect((await send(url('/sourceConfig/'), 'GET', page)).status).toBe(401);
    const elsewhere = await send(url('/v1/projects/shop-write-key-1/settings'), 'GET', browser(OTHER_ORIGIN, '198.51.100.15'));
    expect([elsewhere.status, elsewhere.body.code, cors(elsewhere).origin]).toEqual([403, 'ORIGIN_NOT_ALLOWED', null]);
  });

  it('checks the key before the body whatever the case of the path', async () => {
    const garbage = browser(undefined, '198.51.100.16', { authorization: 'Bearer wrong-key', 'content-encoding': 'gzip' });
    const answer = await send(url('/V1/TRACK'), 'POST', garbage, Buffer.from('not gzip at all'));
    expect([answer.status, answer.body.code]).toEqual([401, 'UNAUTHORIZED']);
  });

  it("leaves the service's management paths to the admin key", async () => {
    const answer = await send(url('/v1/parked/events/outbox/1/retry'), 'POST', {
      authorization: 'Bearer shop-admin-key-1',
      'x-forwarded-for': '198.51.100.17',
    });
    // past the admin guard (a write-key check before the body used to answer 401 here): no such failed item
    expect(answer).toMatchObject({ status: 404, body: { code: 'NOT_FOUND', message: 'failed outbox "1" was not found' } });
  });

  it('publishes what the browsers sent under the topic contract', async () => {
    const messages = svc.recorder.messages.filter((m) => m.topic.endsWith(TOPICS.events));
    expect(messages.length).toBeGreaterThanOrEqual(6);
    expect(messages.map((m) => decodeMessage(TOPICS.events, m.key, m.value).ok)).not.toContain(false);
  });
});
