import { TOPICS } from '@cairn/contracts';
import { ManualClock } from '@cairn/core';
import { waitFor } from '@cairn/testing';
import { gzipSync } from 'node:zlib';
import { post, PostOptions, useEventsService } from '../testing/events-test-kit';

const ok = { userId: 'u-1', event: 'Product Viewed' };
const nested = (depth: number): unknown => (depth === 0 ? 1 : { a: nested(depth - 1) });
const many = (n: number) => Array.from({ length: n }, (_, i) => ({ type: 'track', userId: 'u-1', event: 'E', messageId: `x-${i}` }));
const json = { 'content-type': 'application/json' };

interface Case {
  name: string;
  path?: string;
  body: unknown;
  options?: PostOptions;
  status: number;
  code: string;
  field?: string;
}

/** Every malformed request and its documented answer. None of them may publish anything. */
const CASES: Case[] = [
  { name: 'no userId nor anonymousId', body: { event: 'E' }, status: 400, code: 'VALIDATION_FAILED', field: 'userId' },
  { name: 'userId of the wrong type', body: { ...ok, userId: 42 }, status: 400, code: 'VALIDATION_FAILED', field: 'userId' },
  { name: 'anonymousId of the wrong type', body: { anonymousId: ['a'], event: 'E' }, status: 400, code: 'VALIDATION_FAILED', field: 'anonymousId' },
  { name: 'track without event', body: { userId: 'u-1' }, status: 400, code: 'VALIDATION_FAILED', field: 'event' },
  { name: 'empty event name', body: { ...ok, event: '' }, status: 400, code: 'VALIDATION_FAILED', field: 'event' },
  { name: 'userId longer than 256', body: { ...ok, userId: 'u'.repeat(257) }, status: 400, code: 'VALIDATION_FAILED', field: 'userId' },
  { name: 'properties as an array', body: { ...ok, properties: [1, 2] }, status: 400, code: 'VALIDATION_FAILED', field: 'properties' },
  { name: 'traits as a string', path: '/v1/identify', body: { userId: 'u-1', traits: 'gold' }, status: 400, code: 'VALIDATION_FAILED', field: 'traits' },
  { name: 'timestamp not a date', body: { ...ok, timestamp: 'yesterday' }, status: 400, code: 'VALIDATION_FAILED', field: 'timestamp' },
  { name: 'timestamp as a number', body: { ...ok, timestamp: 1762077600000 }, status: 400, code: 'VALIDATION_FAILED', field: 'timestamp' },
  { name: 'messageId as a number', body: { ...ok, messageId: 7 }, status: 400, code: 'VALIDATION_FAILED', field: 'messageId' },
  { name: 'alias without previousId', path: '/v1/alias', body: { userId: 'u-1' }, status: 400, code: 'VALIDATION_FAILED', field: 'previousId' },
  { name: 'alias without userId', path: '/v1/alias', body: { previousId: 'a-1', anonymousId: 'a-1' }, status: 400, code: 'VALIDATION_FAILED', field: 'userId' },
  { name: 'group without groupId', path: '/v1/group', body: { userId: 'u-1' }, status: 400, code: 'VALIDATION_FAILED', field: 'groupId' },
  { name: 'body is an array', body: [ok], status: 400, code: 'VALIDATION_FAILED', field: '(body)' },
  { name: 'no body', body: '', status: 400, code: 'VALIDATION_FAILED', field: 'userId' },
  {
    name: 'not JSON under another content type',
    body: 'userId=u-1&event=E',
    options: { headers: { 'content-type': 'application/x-www-form-urlencoded' } },
    status: 400,
    code: 'INVALID_JSON',
  },
  {
    name: 'originalTimestamp not a date',
    path: '/v1/batch',
    body: { batch: [{ ...ok, type: 'track', originalTimestamp: 'soon' }] },
    status: 400,
    code: 'VALIDATION_FAILED',
    field: 'batch[0].originalTimestamp',
  },
  { name: 'batch is not an array', path: '/v1/batch', body: { batch: { type: 'track' } }, status: 400, code: 'VALIDATION_FAILED', field: 'batch' },
  { name: 'batch is empty', path: '/v1/batch', body: { batch: [] }, status: 400, code: 'VALIDATION_FAILED', field: 'batch' },
  {
    name: 'unknown event type in a batch',
    path: '/v1/batch',
    body: {
      batch: [
        { ...ok, type: 'track' },
        { ...ok, type: 'purchase' },
      ],
    },
    status: 400,
    code: 'VALIDATION_FAILED',
    field: 'batch[1].type',
  },
  { name: 'batch event without type', path: '/v1/batch', body: { batch: [ok] }, status: 400, code: 'VALIDATION_FAILED', field: 'batch[0].type' },
  {
    name: 'batch event not an object',
    path: '/v1/batch',
    body: { batch: [{ ...ok, type: 'track' }, 'track'] },
    status: 400,
    code: 'VALIDATION_FAILED',
    field: 'batch[1]',
  },
  {
    name: 'bad userId at index 3 of a batch',
    path: '/v1/batch',
    body: { batch: [...many(3), { type: 'track', userId: false, event: 'E' }] },
    status: 400,
    code: 'VALIDATION_FAILED',
    field: 'batch[3].userId',
  },
  { name: 'batch sentAt not a date', path: '/v1/batch', body: { batch: many(1), sentAt: 'now' }, status: 400, code: 'VALIDATION_FAILED', field: 'sentAt' },
  {
    name: 'more than 2,000 events in a batch (huge array)',
    path: '/v1/batch',
    body: { batch: many(2001) },
    status: 400,
    code: 'VALIDATION_FAILED',
    field: 'batch',
  },
  { name: 'bad JSON', body: '{"userId": "u-1", "event": ', status: 400, code: 'INVALID_JSON' },
  {
    name: 'bad gzip',
    body: Buffer.from('not gzip at all'),
    options: { headers: { ...json, 'content-encoding': 'gzip' } },
    status: 400,
    code: 'INVALID_ENCODING',
  },
  {
    name: 'unknown content encoding',
    body: Buffer.from(JSON.stringify(ok)),
    options: { headers: { ...json, 'content-encoding': 'x-zip' } },
    status: 415,
    code: 'UNSUPPORTED_ENCODING',
  },
  {
    name: 'non-UTF-8 charset',
    body: JSON.stringify(ok),
    options: { headers: { 'content-type': 'application/json; charset=latin1' } },
    status: 415,
    code: 'UNSUPPORTED_CHARSET',
  },
  {
    name: 'invalid UTF-8 bytes',
    body: Buffer.concat([Buffer.from('{"userId":"u-'), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from('","event":"E"}')]),
    status: 400,
    code: 'INVALID_UTF8',
  },
  { name: '__proto__ key at the top', body: '{"userId":"u-1","event":"E","__proto__":{"admin":true}}', status: 400, code: 'FORBIDDEN_KEY', field: '__proto__' },
  {
    name: '__proto__ key in properties',
    body: '{"userId":"u-1","event":"E","properties":{"__proto__":{"x":1}}}',
    status: 400,
    code: 'FORBIDDEN_KEY',
    field: 'properties.__proto__',
  },
  {
    name: 'constructor key in a batch event',
    path: '/v1/batch',
    body: '{"batch":[{"type":"track","userId":"u","event":"E","traits":{"constructor":{"prototype":{}}}}]}',
    status: 400,
    code: 'FORBIDDEN_KEY',
    field: 'batch[0].traits.constructor',
  },
  {
    name: 'a NUL character in messageId',
    body: '{"userId":"u-1","event":"E","messageId":"m-\\u0000"}',
    status: 400,
    code: 'NUL_CHARACTER',
    field: 'messageId',
  },
  {
    name: 'a NUL character in a property key of a batch event',
    path: '/v1/batch',
    body: '{"batch":[{"type":"track","userId":"u","event":"E","properties":{"a\\u0000":1}}]}',
    status: 400,
    code: 'NUL_CHARACTER',
    field: 'batch[0].properties.a\u0000',
  },
  {
    name: 'a NUL character in a catalog itemId',
    path: '/v1/catalog/events',
    body: '{"event":"Product Restocked","itemId":"P-\\u0000"}',
    status: 400,
    code: 'NUL_CHARACTER',
    field: 'itemId',
  },
  { name: 'nesting 40 levels deep', body: { ...ok, properties: nested(40) }, status: 400, code: 'TOO_DEEP' },
  {
    name: 'nesting 100,000 levels deep',
    body: `{"userId":"u","event":"E","properties":${'['.repeat(100_000)}${']'.repeat(100_000)}}`,
    status: 400,
    code: 'TOO_DEEP',
  },
  { name: 'an event over 32 KB (its context)', body: { ...ok, context: { blob: 'x'.repeat(33 * 1024) } }, status: 413, code: 'EVENT_TOO_LARGE' },
  {
    name: 'a batch event over 32 KB',
    path: '/v1/batch',
    body: { batch: [...many(1), { ...ok, type: 'track', context: { blob: 'x'.repeat(33 * 1024) } }] },
    status: 413,
    code: 'EVENT_TOO_LARGE',
    field: 'batch[1]',
  },
  {
    name: 'a huge array inside properties (over 32 KiB as JSON)',
    body: { ...ok, properties: { ids: Array.from({ length: 20_000 }, (_, i) => i) } },
    status: 400,
    code: 'VALIDATION_FAILED',
    field: 'properties',
  },
  {
    name: 'a property text over 8 KiB (was: the event over 32 KB)',
    body: { ...ok, properties: { blob: 'x'.repeat(33 * 1024) } },
    status: 400,
    code: 'VALIDATION_FAILED',
    field: 'properties.blob',
  },
  {
    name: 'a body over 500 KB',
    path: '/v1/batch',
    body: { batch: Array.from({ length: 20 }, (_, i) => ({ ...ok, type: 'track', messageId: `b-${i}`, properties: { blob: 'x'.repeat(30 * 1024) } })) },
    status: 413,
    code: 'PAYLOAD_TOO_LARGE',
  },
  {
    name: 'a gzip body inflating past 500 KB',
    body: gzipSync(JSON.stringify({ ...ok, properties: { blob: 'x'.repeat(600 * 1024) } })),
    options: { headers: { ...json, 'content-encoding': 'gzip' } },
    status: 413,
    code: 'PAYLOAD_TOO_LARGE',
  },
  {
    name: 'catalog event without itemId',
    path: '/v1/catalog/events',
    body: { event: 'Product Restocked' },
    status: 400,
    code: 'VALIDATION_FAILED',
    field: 'itemId',
  },
  {
    name: 'catalog event name of the wrong type',
    path: '/v1/catalog/events',
    body: { event: 5, itemId: 'P-1' },
    status: 400,
    code: 'VALIDATION_FAILED',
    field: 'event',
  },
  {
    name: 'a trait text over 8 KiB',
    path: '/v1/identify',
    body: { userId: 'u-1', traits: { bio: 'x'.repeat(8 * 1024 + 1) } },
    status: 400,
    code: 'VALIDATION_FAILED',
    field: 'traits.bio',
  },
  {
    name: '257 traits',
    path: '/v1/identify',
    body: { userId: 'u-1', traits: Object.fromEntries(Array.from({ length: 257 }, (_, i) => [`t${i}`, i])) },
    status: 400,
    code: 'VALIDATION_FAILED',
    field: 'traits',
  },
  {
    name: 'traits over 32 KiB in all',
    path: '/v1/identify',
    body: { userId: 'u-1', traits: Object.fromEntries(Array.from({ length: 5 }, (_, i) => [`t${i}`, 'x'.repeat(7 * 1024)])) },
    status: 400,
    code: 'VALIDATION_FAILED',
    field: 'traits',
  },
  {
    name: 'a long text deep in properties of a batch event',
    path: '/v1/batch',
    body: { batch: [{ ...ok, type: 'track', properties: { items: [{ description: '설명'.repeat(1500) }] } }] },
    status: 400,
    code: 'VALIDATION_FAILED',
    field: 'batch[0].properties.items[0].description',
  },
  {
    name: 'a newline in userId (an id that could not be a Kafka key)',
    body: { ...ok, userId: 'u-1\n' },
    status: 400,
    code: 'VALIDATION_FAILED',
    field: 'userId',
  },
  { name: 'a line separator in anonymousId', body: { anonymousId: 'a\u2028b', event: 'E' }, status: 400, code: 'VALIDATION_FAILED', field: 'anonymousId' },
  {
    name: 'an unpaired surrogate in a property',
    body: '{"userId":"u-1","event":"E","properties":{"name":"x\\ud800"}}',
    status: 400,
    code: 'INVALID_UNICODE',
    field: 'properties.name',
  },
  { name: 'a timestamp before 2000', body: { ...ok, timestamp: '1999-12-31T23:59:59Z' }, status: 400, code: 'VALIDATION_FAILED', field: 'timestamp' },
  {
    name: 'a sentAt of an unset clock (1970)',
    body: { ...ok, timestamp: '2026-11-02T09:00:00Z', sentAt: '1970-01-01T00:00:00Z' },
    status: 400,
    code: 'VALIDATION_FAILED',
    field: 'sentAt',
  },
  {
    name: 'a timestamp that skew-corrects to before 2000',
    path: '/v1/batch',
    body: { batch: [...many(2), { ...ok, type: 'track', timestamp: '2000-06-01T00:00:00Z' }], sentAt: '2027-11-02T10:00:00Z' },
    status: 400,
    code: 'VALIDATION_FAILED',
    field: 'batch[2].timestamp',
  },
  {
    name: 'a batch context over 8 KiB (copied into each event)',
    path: '/v1/batch',
    body: { batch: many(2), context: { blob: 'x'.repeat(9 * 1024) } },
    status: 400,
    code: 'VALIDATION_FAILED',
    field: 'context',
  },
  {
    name: 'a newline in a catalog itemId',
    path: '/v1/catalog/events',
    body: { event: 'Product Restocked', itemId: 'P-1\n' },
    status: 400,
    code: 'VALIDATION_FAILED',
    field: 'itemId',
  },
  {
    name: 'a catalog timestamp before 2000',
    path: '/v1/catalog/events',
    body: { event: 'Product Restocked', itemId: 'P-1', timestamp: '1000-01-01T00:00:00Z' },
    status: 400,
    code: 'VALIDATION_FAILED',
    field: 'timestamp',
  },
  { name: 'no write key', body: ok, options: { key: null }, status: 401, code: 'UNAUTHORIZED' },
  { name: 'unknown write key', body: ok, options: { key: 'not-a-real-key' }, status: 401, code: 'UNAUTHORIZED' },
  { name: 'unknown write key as Basic user', body: ok, options: { key: 'not-a-real-key', basic: true }, status: 401, code: 'UNAUTHORIZED' },
  { name: 'an admin key is not a write key', body: ok, options: { key: 'dev-admin-key' }, status: 401, code: 'UNAUTHORIZED' },
];

describe('events: malformed requests', () => {
  const svc = useEventsService(new ManualClock('2026-11-02T10:00:00Z'));

  it(`has a table of at least 25 malformed requests`, () => {
    expect(CASES.length).toBeGreaterThanOrEqual(25);
  });

  it.each(CASES)('$name → $status $code', async (c) => {
    const response = await post(svc.running.url, c.path ?? '/v1/track', c.body, c.options);
    expect({ status: response.status, code: response.body.code }).toEqual({ status: c.status, code: c.code });
    expect(typeof response.body.message).toBe('string');
    if (c.field) expect((response.body.fields as Array<{ path: string }>).map((f) => f.path)).toContain(c.field);
  });

  it('stays healthy after all of them and published none of them', async () => {
    expect((await fetch(`${svc.running.url}/health/ready`)).status).toBe(200);
    expect(await post(svc.running.url, '/v1/track', { ...ok, messageId: 'after-the-storm' })).toMatchObject({ status: 200, body: { success: true } });
    await waitFor(() => svc.recorder.byMessageId().has('after-the-storm'), { what: 'the valid event on the topic' });
    expect(svc.recorder.values(TOPICS.events).map((e) => e.messageId)).toEqual(['after-the-storm']);
  });
});
