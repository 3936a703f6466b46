import { SERVICE_NAMES, ServiceName } from '@cairn/config';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { frontDoor } from './front-door';
import { peopleCall } from './people';

/** The person in one call, on the front door, against stand-in services answering their parts. */
describe('people on the front door', () => {
  const servers: Server[] = [];
  const parts: Record<string, { status?: number; body: unknown }> = {};
  const seen: Array<{ service: string; url: string; authorization?: string }> = [];
  let base: string;

  async function listen(server: Server): Promise<string> {
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  beforeAll(async () => {
    const upstreams = {} as Record<ServiceName, string>;
    for (const name of SERVICE_NAMES) {
      upstreams[name] = await listen(
        createServer((req, res) => {
          seen.push({ service: name, url: req.url ?? '', authorization: req.headers.authorization });
          const part = parts[`${name} ${req.url}`] ?? { status: 404, body: { code: 'NOT_FOUND', message: 'no such part' } };
          res.writeHead(part.status ?? 200, { 'content-type': 'application/json' }).end(JSON.stringify(part.body));
        }),
      );
    }
    base = await listen(frontDoor(upstreams, { readyTimeoutMs: 300, upstreamTimeoutMs: 500 }));
  });

  afterAll(async () => {
    for (const s of servers) {
      s.closeAllConnections();
      await new Promise((resolve) => s.close(resolve));
    }
  });

  const get = async (path: string) => {
    const res = await fetch(`${base}${path}`, { headers: { authorization: 'Bearer admin-key' } });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };

  it('names the calls it answers itself: GET of the person, its erasure and its export', () => {
    expect(peopleCall('GET', '/v1/users/minji')).toEqual({ userId: 'minji', part: 'person' });
    expect(peopleCall('GET', '/v1/users/a%20b/erasure')).toEqual({ userId: 'a b', part: 'erasure' });
    expect(peopleCall('GET', '/v1/users/minji/export')).toEqual({ userId: 'minji', part: 'export' });
    expect(peopleCall('DELETE', '/v1/users/minji')).toBeUndefined();
    expect(peopleCall('GET', '/v1/users/minji/journeys')).toBeUndefined();
  });

  it("answers the person whole from the services' parts, for any id of the person, asking with the caller's key", async () => {
    Object.assign(parts, {
      'segments /v1/users/guest-1/identity': { body: { id: 'guest-1', userId: 'minji', ids: ['minji', 'guest-1', 'old-id'] } },
      'segments /v1/users/minji/profile': {
        body: {
          userId: 'minji',
          traits: { name: '민지' },
          identities: [
            { id: 'guest-1', kind: 'anonymous', linkedAt: '2026-11-02T10:00:00.000Z' },
            { id: 'old-id', kind: 'alias', linkedAt: '2026-11-03T10:00:00.000Z' },
          ],
          totals: { 'Product Added': { count: 1 } },
          events: [{ name: 'Product Added', at: '2026-11-02T09:59:00.000Z', properties: { cartId: 'c-1' } }],
          updatedAt: '2026-11-03T10:00:00.000Z',
        },
      },
      'segments /v1/users/minji/segments': { body: { userId: 'minji', segments: [{ key: 'prospect' }] } },
      'journeys /v1/users/minji/journeys': { body: [{ runId: 'r-1', journey: { key: 'cart-abandonment' }, status: 'completed' }] },
      'messaging /v1/users/minji/consents': { body: { userId: 'minji', channels: { kakao: { advertising: { granted: true } } }, history: [] } },
      'messaging /v1/messages/search?userId=minji&limit=100': { body: { messages: [{ id: 'i-1', status: 'SENT' }], next: null } },
    });
    const { status, body } = await get('/v1/users/guest-1');
    expect(status).toBe(200);
    expect(body).toEqual({
      userId: 'minji',
      requestedId: 'guest-1',
      traits: { name: '민지' },
      identities: {
        anonymousIds: [{ id: 'guest-1', linkedAt: '2026-11-02T10:00:00.000Z' }],
        aliases: [{ id: 'old-id', linkedAt: '2026-11-03T10:00:00.000Z' }],
      },
      events: [{ name: 'Product Added', at: '2026-11-02T09:59:00.000Z', properties: { cartId: 'c-1' } }],
      totals: { 'Product Added': { count: 1 } },
      segments: [{ key: 'prospect' }],
      journeys: [{ runId: 'r-1', journey: { key: 'cart-abandonment' }, status: 'completed' }],
      consents: { channels: { kakao: { advertising: { granted: true } } }, history: [] },
      messages: [{ id: 'i-1', status: 'SENT' }],
      updatedAt: '2026-11-03T10:00:00.000Z',
    });
    expect(seen.filter((s) => s.url.includes('minji') || s.url.includes('guest-1')).every((s) => s.authorization === 'Bearer admin-key')).toBe(true);
  });

  it('answers 404 for an id nothing is known of, and passes a refused key on', async () => {
    Object.assign(parts, {
      'segments /v1/users/nobody/identity': { body: { id: 'nobody', userId: 'nobody', ids: ['nobody'] } },
      'segments /v1/users/nobody/segments': { body: { userId: 'nobody', segments: [] } },
      'journeys /v1/users/nobody/journeys': { body: [] },
      'messaging /v1/users/nobody/consents': { body: { userId: 'nobody', channels: {}, history: [] } },
      'messaging /v1/messages/search?userId=nobody&limit=100': { body: { messages: [], next: null } },
      'segments /v1/users/locked/identity': { status: 401, body: { code: 'UNAUTHORIZED', message: 'unknown key' } },
    });
    expect(await get('/v1/users/nobody')).toEqual({ status: 404, body: { code: 'NOT_FOUND', message: 'user "nobody" was not found' } });
    expect(await get('/v1/users/locked')).toEqual({ status: 401, body: { code: 'UNAUTHORIZED', message: 'unknown key' } });
  });

  it('reports an erasure per service: pending until every service completed the latest request', async () => {
    const done = (service: string) => ({
      body: {
        service,
        userId: 'kim',
        status: 'completed',
        erasureId: 'e-2',
        requestedAt: '2026-11-04T00:00:00.000Z',
        completedAt: '2026-11-04T00:00:01.000Z',
        suppress: false,
      },
    });
    Object.assign(parts, {
      'events /v1/users/kim/erasure/events': done('events'),
      'segments /v1/users/kim/erasure/segments': done('segments'),
      'journeys /v1/users/kim/erasure/journeys': { body: { service: 'journeys', userId: 'kim', status: 'unknown' } },
      'messaging /v1/users/kim/erasure/messaging': { body: { ...done('messaging').body, erasureId: 'e-1', requestedAt: '2026-11-01T00:00:00.000Z' } },
    });
    const pending = await get('/v1/users/kim/erasure');
    expect(pending).toEqual({
      status: 200,
      body: {
        userId: 'kim',
        erasureId: 'e-2',
        requestedAt: '2026-11-04T00:00:00.000Z',
        suppress: false,
        status: 'pending',
        services: {
          events: { status: 'completed', completedAt: '2026-11-04T00:00:01.000Z' },
          segments: { status: 'completed', completedAt: '2026-11-04T00:00:01.000Z' },
          journeys: { status: 'pending' },
          messaging: { status: 'pending' },
        },
      },
    });
    Object.assign(parts, { 'journeys /v1/users/kim/erasure/journeys': done('journeys'), 'messaging /v1/users/kim/erasure/messaging': done('messaging') });
    expect((await get('/v1/users/kim/erasure')).body.status).toBe('completed');
    for (const s of SERVICE_NAMES) parts[`${s} /v1/users/never/erasure/${s}`] = { body: { service: s, userId: 'never', status: 'unknown' } };
    expect((await get('/v1/users/never/erasure')).status).toBe(404);
  });

  it("exports every service's part, asking the events service under each id of the person", async () => {
    Object.assign(parts, {
      'segments /v1/users/lee/identity': { body: { id: 'lee', userId: 'lee', ids: ['lee', 'anon,1'] } },
      'events /v1/users/lee/export/events': { body: { service: 'events', ids: ['lee'], pendingEvents: [{ messageId: 'm-1' }] } },
      'events /v1/users/anon%2C1/export/events': { body: { service: 'events', ids: ['anon,1'], pendingEvents: [{ messageId: 'm-2' }] } },
      'segments /v1/users/lee/export/segments': { body: { service: 'segments', traits: {} } },
      'journeys /v1/users/lee/export/journeys': { body: { service: 'journeys', runs: [] } },
      'messaging /v1/users/lee/export/messaging': { body: { service: 'messaging', messages: [] } },
    });
    const { status, body } = await get('/v1/users/lee/export');
    expect(status).toBe(200);
    expect(body).toMatchObject({
      userId: 'lee',
      ids: ['lee', 'anon,1'],
      services: {
        events: { service: 'events', ids: ['lee', 'anon,1'], pendingEvents: [{ messageId: 'm-1' }, { messageId: 'm-2' }] },
        segments: { service: 'segments' },
        journeys: { service: 'journeys' },
        messaging: { service: 'messaging' },
      },
    });
    expect(typeof body.exportedAt).toBe('string');
  });
});
