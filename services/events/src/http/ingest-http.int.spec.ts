import { ManualClock } from '@cairn/core';
import { AUTH_FAILURE_BURST, AUTH_FAILURE_REFILL_SECONDS } from '@cairn/runtime';
import { gzipSync } from 'node:zlib';
import { post, useEventsService } from '../testing/events-test-kit';

const event = { userId: 'u-1', event: 'Product Viewed' };
/** The client address, as a trusted (loopback) proxy names it; each test uses its own. */
const from = (address: string) => ({ 'content-type': 'application/json', 'x-forwarded-for': address });

describe('events: HTTP hardening', () => {
  const clock = new ManualClock('2026-11-02T10:00:00Z');
  const svc = useEventsService(clock);

  it('checks the write key before reading the body: a bad key on an undecodable or non-JSON body is a 401', async () => {
    const garbageGzip = { ...from('198.51.100.1'), 'content-encoding': 'gzip' };
    const bomb = gzipSync(Buffer.alloc(50 * 1024 * 1024));
    expect(await post(svc.running.url, '/v1/track', Buffer.from('not gzip at all'), { key: 'wrong', headers: garbageGzip })).toMatchObject({
      status: 401,
      body: { code: 'UNAUTHORIZED' },
    });
    expect(await post(svc.running.url, '/v1/batch', bomb, { key: null, headers: garbageGzip })).toMatchObject({ status: 401, body: { code: 'UNAUTHORIZED' } });
    expect(await post(svc.running.url, '/v1/track', '{"userId": ', { key: 'wrong', headers: from('198.51.100.1') })).toMatchObject({
      status: 401,
      body: { code: 'UNAUTHORIZED' },
    });
    // with the key, the same bodies get their own answers
    expect(await post(svc.running.url, '/v1/batch', bomb, { headers: garbageGzip })).toMatchObject({ status: 413, body: { code: 'PAYLOAD_TOO_LARGE' } });
    expect(await post(svc.running.url, '/v1/track', '{"userId": ', { headers: from('198.51.100.1') })).toMatchObject({
      status: 400,
      body: { code: 'INVALID_JSON' },
    });
  });

  it('refuses an address that failed to authenticate too often, with 429 and Retry-After, whatever key it sends next', async () => {
    const attacker = from('203.0.113.7');
    for (let i = 0; i < AUTH_FAILURE_BURST; i++) {
      expect((await post(svc.running.url, '/v1/track', event, { key: `guess-${i}`, headers: attacker })).status).toBe(401);
    }
    const refused = await post(svc.running.url, '/v1/track', event, { key: 'guess-x', headers: attacker });
    expect({ status: refused.status, code: refused.body.code, retryAfter: refused.headers.get('retry-after') }).toEqual({
      status: 429,
      code: 'TOO_MANY_AUTH_FAILURES',
      retryAfter: String(AUTH_FAILURE_REFILL_SECONDS),
    });
    expect((await post(svc.running.url, '/v1/track', event, { headers: attacker })).status).toBe(429);
    // another address is not affected, and the refused one may try again once a failure is refilled
    expect((await post(svc.running.url, '/v1/track', event, { headers: from('203.0.113.8') })).status).toBe(200);
    clock.advance(AUTH_FAILURE_REFILL_SECONDS * 1000);
    expect((await post(svc.running.url, '/v1/track', event, { headers: attacker })).status).toBe(200);
  });

  it('counts the client address, not a spoofed X-Forwarded-For entry before the trusted proxy', async () => {
    // the loopback proxy appends the real client (192.0.2.50); what the client wrote before it is not trusted
    for (let i = 0; i < AUTH_FAILURE_BURST; i++) await post(svc.running.url, '/v1/track', event, { key: 'wrong', headers: from(`10.9.9.${i}, 192.0.2.50`) });
    expect((await post(svc.running.url, '/v1/track', event, { headers: from('10.9.9.99, 192.0.2.50') })).status).toBe(429);
  });

  it('says nosniff and not X-Powered-By on every answer', async () => {
    const answers = [
      await fetch(`${svc.running.url}/health/live`),
      await fetch(`${svc.running.url}/v1/nothing-here`),
      await fetch(`${svc.running.url}/v1/track`, { method: 'POST' }),
      await fetch(`${svc.running.url}/v1/track`, {
        method: 'POST',
        headers: { authorization: 'Bearer dev-write-key', 'content-type': 'application/json' },
        body: '{',
      }),
      await fetch(`${svc.running.url}/v1/track`, {
        method: 'POST',
        headers: { authorization: 'Bearer dev-write-key', 'content-type': 'application/json' },
        body: JSON.stringify(event),
      }),
    ];
    expect(answers.map((a) => [a.status, a.headers.get('x-content-type-options'), a.headers.get('x-powered-by')])).toEqual([
      [200, 'nosniff', null],
      [404, 'nosniff', null],
      [401, 'nosniff', null],
      [400, 'nosniff', null],
      [200, 'nosniff', null],
    ]);
  });
});
