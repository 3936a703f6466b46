import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { accepted, eitherWay, HostileRequest, refused } from './corpus-types';

const ok = { userId: 'h-1', event: 'Product Viewed' };
const nested = (depth: number): unknown => (depth === 0 ? 1 : { a: nested(depth - 1) });
const events = (n: number) => Array.from({ length: n }, (_, i) => ({ type: 'track', userId: `h-${i % 7}`, event: 'E', messageId: `hostile-${i}` }));
const track = (name: string, body: unknown, expect: HostileRequest['expect'], extra: Partial<HostileRequest> = {}): HostileRequest => ({
  name,
  path: '/v1/track',
  auth: 'write',
  body,
  expect,
  ...extra,
});
const invalid = (field: string) => refused(400, 'VALIDATION_FAILED', field);

/** Ingest with the public write key: sizes, encodings, ids, traits, times, characters. */
export const INGEST: HostileRequest[] = [
  // sizes
  {
    name: 'a body over 500 KB',
    path: '/v1/batch',
    auth: 'write',
    body: { batch: events(1), context: {}, pad: 'x'.repeat(600 * 1024) },
    expect: refused(413, 'PAYLOAD_TOO_LARGE'),
  },
  track('an event over 32 KB', { ...ok, context: { blob: 'x'.repeat(33 * 1024) } }, refused(413, 'EVENT_TOO_LARGE')),
  { name: 'a batch of 2,001 events', path: '/v1/batch', auth: 'write', body: { batch: events(2001) }, expect: invalid('batch') },
  {
    name: 'a batch context over 8 KiB, copied into 2,000 events',
    path: '/v1/batch',
    auth: 'write',
    body: { batch: events(2000), context: { blob: 'x'.repeat(9 * 1024) } },
    expect: invalid('context'),
  },
  { name: 'an empty batch', path: '/v1/batch', auth: 'write', body: { batch: [] }, expect: invalid('batch') },
  {
    name: 'identify with 300 traits',
    path: '/v1/identify',
    auth: 'write',
    body: { userId: 'h-1', traits: Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`t${i}`, i])) },
    expect: invalid('traits'),
  },
  {
    name: 'identify with a 9 KiB trait',
    path: '/v1/identify',
    auth: 'write',
    body: { userId: 'h-1', traits: { bio: 'x'.repeat(9 * 1024) } },
    expect: invalid('traits.bio'),
  },
  {
    name: 'identify with a trait key of 1,000 characters',
    path: '/v1/identify',
    auth: 'write',
    body: { userId: 'h-1', traits: { ['k'.repeat(1000)]: 1 } },
    expect: invalid('traits'),
  },
  track('properties holding a 20,000-element array', { ...ok, properties: { ids: Array.from({ length: 20_000 }, (_, i) => i) } }, invalid('properties')),
  track('nesting 40 levels deep', { ...ok, properties: nested(40) }, refused(400, 'TOO_DEEP')),
  track('nesting 100,000 levels deep', `{"userId":"h","event":"E","properties":${'['.repeat(100_000)}${']'.repeat(100_000)}}`, refused(400, 'TOO_DEEP')),
  // encodings
  track('a gzip bomb (64 MB of zeros) with the key', gzipSync(Buffer.alloc(64 * 1024 * 1024)), refused(413, 'PAYLOAD_TOO_LARGE'), {
    headers: { 'content-encoding': 'gzip' },
  }),
  track('a brotli bomb', brotliCompressSync(Buffer.alloc(64 * 1024 * 1024)), refused(413, 'PAYLOAD_TOO_LARGE'), { headers: { 'content-encoding': 'br' } }),
  track('a deflate body that is not deflate', Buffer.from('definitely not deflate'), refused(400, 'INVALID_ENCODING'), {
    headers: { 'content-encoding': 'deflate' },
  }),
  track('a valid deflate body', deflateSync(JSON.stringify({ ...ok, messageId: 'hostile-deflate' })), accepted, { headers: { 'content-encoding': 'deflate' } }),
  track('an unknown content encoding', JSON.stringify(ok), refused(415, 'UNSUPPORTED_ENCODING'), { headers: { 'content-encoding': 'x-zip' } }),
  track('gzip twice, declared once', gzipSync(gzipSync(JSON.stringify(ok))), refused(400), { headers: { 'content-encoding': 'gzip' } }),
  track('a latin1 charset', JSON.stringify(ok), refused(415, 'UNSUPPORTED_CHARSET'), { headers: { 'content-type': 'application/json; charset=latin1' } }),
  track(
    'invalid UTF-8 bytes',
    Buffer.concat([Buffer.from('{"userId":"h-'), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from('","event":"E"}')]),
    refused(400, 'INVALID_UTF8'),
  ),
  track('UTF-16 with a byte order mark', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(JSON.stringify(ok), 'utf16le')]), refused(400, 'INVALID_UTF8')),
  // JSON and content types
  track('invalid JSON', '{"userId": "h-1", "event": ', refused(400, 'INVALID_JSON')),
  track('JSON with trailing garbage', '{"userId":"h-1","event":"E"} and more', refused(400, 'INVALID_JSON')),
  track('a bare JSON null', 'null', refused(400, 'INVALID_JSON')),
  track('a JSON array', [ok], invalid('(body)')),
  track('a form-encoded body', 'userId=h-1&event=E', refused(400, 'INVALID_JSON'), { headers: { 'content-type': 'application/x-www-form-urlencoded' } }),
  track('a text/plain beacon with valid JSON (as browsers send)', JSON.stringify({ ...ok, messageId: 'hostile-beacon' }), accepted, {
    headers: { 'content-type': 'text/plain' },
  }),
  track('a multipart body', '--x\r\nContent-Disposition: form-data; name="userId"\r\n\r\nh-1\r\n--x--', refused(400, 'INVALID_JSON'), {
    headers: { 'content-type': 'multipart/form-data; boundary=x' },
  }),
  // ids and characters
  track('a userId of 257 characters', { ...ok, userId: 'u'.repeat(257) }, invalid('userId')),
  track('a userId with a newline', { ...ok, userId: 'h-1\nadmin' }, invalid('userId')),
  track('an anonymousId with a line separator', { anonymousId: 'a\u2028b', event: 'E' }, invalid('anonymousId')),
  track('a messageId with a tab', { ...ok, messageId: 'm\t1' }, invalid('messageId')),
  track('a NUL in a property value', '{"userId":"h-1","event":"E","properties":{"a":"x\\u0000y"}}', refused(400, 'NUL_CHARACTER')),
  track('a NUL in a property key', '{"userId":"h-1","event":"E","properties":{"a\\u0000":1}}', refused(400, 'NUL_CHARACTER')),
  track('an unpaired surrogate in the event name', '{"userId":"h-1","event":"E\\ud800"}', refused(400, 'INVALID_UNICODE')),
  track('a __proto__ key', '{"userId":"h-1","event":"E","properties":{"__proto__":{"isAdmin":true}}}', refused(400, 'FORBIDDEN_KEY')),
  track('an event name of 10,000 characters', { ...ok, event: 'E'.repeat(10_000) }, invalid('event')),
  track('numbers too large for any type', '{"userId":"h-1","event":"E","properties":{"n":1e400,"m":-1e400,"big":123456789012345678901234567890}}', accepted),
  track('a userId that is an object', { ...ok, userId: { $ne: null } }, invalid('userId')),
  track(
    'template syntax in traits (stored as text)',
    { ...ok, messageId: 'hostile-liquid-trait', properties: { name: '{{ "x" | append: "y" }}{% for i in (1..100000000) %}{% endfor %}' } },
    accepted,
  ),
  {
    name: 'a catalog itemId with a newline',
    path: '/v1/catalog/events',
    auth: 'write',
    body: { event: 'Product Restocked', itemId: 'P-1\n' },
    expect: invalid('itemId'),
  },
  {
    name: 'a catalog event with null properties',
    path: '/v1/catalog/events',
    auth: 'write',
    body: { event: 'Price Dropped', itemId: 'P-1', properties: null, messageId: 'hostile-cat-null' },
    expect: accepted,
  },
  // times
  track('a timestamp before 2000', { ...ok, timestamp: '1999-12-31T23:59:59Z' }, invalid('timestamp')),
  track('a timestamp in year 1', { ...ok, timestamp: '0001-01-01T00:00:00Z' }, invalid('timestamp')),
  track('a timestamp in year 9999 (clamped to receipt)', { ...ok, timestamp: '9999-12-31T23:59:59Z', messageId: 'hostile-9999' }, accepted),
  track('a timestamp beyond year 9999', { ...ok, timestamp: '+275760-09-13T00:00:00Z' }, invalid('timestamp')),
  track('a sentAt of an unset clock', { ...ok, timestamp: '2026-01-01T00:00:00Z', sentAt: '1970-01-01T00:00:00Z' }, invalid('sentAt')),
  track('a timestamp that skew-corrects to before 2000', { ...ok, timestamp: '2000-01-01T00:00:00Z', sentAt: '2099-01-01T00:00:00Z' }, invalid('timestamp')),
  track(
    'a timestamp and sentAt decades ahead (a fast clock, corrected)',
    { ...ok, timestamp: '2090-01-01T00:00:00Z', sentAt: '2090-01-01T00:00:05Z', messageId: 'hostile-fast-clock' },
    accepted,
  ),
  track('February 30th', { ...ok, timestamp: '2026-02-30T00:00:00Z' }, invalid('timestamp')),
  track('a timestamp as a number', { ...ok, timestamp: 1767225600000 }, invalid('timestamp')),
  { name: 'a batch sentAt that is not a date', path: '/v1/batch', auth: 'write', body: { batch: events(1), sentAt: 'now' }, expect: invalid('sentAt') },
  {
    name: 'a catalog timestamp in year 1000',
    path: '/v1/catalog/events',
    auth: 'write',
    body: { event: 'Product Restocked', itemId: 'P-1', timestamp: '1000-01-01T00:00:00Z' },
    expect: invalid('timestamp'),
  },
  // the time-zone trait that once stopped every timer is accepted at ingest and must be harmless downstream
  {
    name: 'an invalid timezone trait',
    path: '/v1/identify',
    auth: 'write',
    body: { userId: 'h-tz', traits: { timezone: 'Not/AZone' }, messageId: 'hostile-tz' },
    expect: accepted,
  },
  { name: 'a big but valid batch', path: '/v1/batch', auth: 'write', body: { batch: events(1000) }, expect: accepted },
  {
    name: 'gzip, valid, under every limit',
    path: '/v1/batch',
    auth: 'write',
    headers: { 'content-encoding': 'gzip' },
    body: gzipSync(JSON.stringify({ batch: events(5) })),
    expect: accepted,
  },
  {
    name: 'a header claiming a workspace',
    path: '/v1/track',
    auth: 'write',
    headers: { 'x-workspace-id': 'other' },
    body: { ...ok, workspaceId: 'other' },
    expect: accepted,
  },
  { name: 'ingest with GET', method: 'GET', path: '/v1/track', auth: 'write', expect: refused(404, 'NOT_FOUND') },
  { name: 'an ingest path with a trailing segment', path: '/v1/track/extra', auth: 'write', body: ok, expect: refused(404, 'NOT_FOUND') },
  { name: 'an ingest body that is empty', path: '/v1/track', auth: 'write', body: '', expect: eitherWay },
  // browsers: the key in the body or the query, origins (the hostile workspaces list no origin)
  {
    name: 'a text/plain body carrying an unknown write key',
    path: '/v1/t',
    headers: { 'content-type': 'text/plain' },
    body: { ...ok, type: 'track', writeKey: 'guessed-write-key' },
    expect: refused(401, 'UNAUTHORIZED'),
  },
  {
    name: 'a gzip bomb that would carry its own write key (refused before inflating)',
    path: '/v1/b',
    headers: { 'content-type': 'text/plain', 'content-encoding': 'gzip' },
    body: gzipSync(Buffer.alloc(50 * 1024 * 1024)),
    expect: refused(401, 'UNAUTHORIZED'),
  },
  {
    name: 'a body over 500 KB that would carry its own write key',
    path: '/v1/b',
    headers: { 'content-type': 'text/plain' },
    body: { writeKey: 'guessed-write-key', batch: events(1), pad: 'x'.repeat(600 * 1024) },
    expect: refused(401, 'UNAUTHORIZED'),
  },
  {
    name: 'a beacon with an unknown write key in the query',
    path: '/beacon/v1/batch?writeKey=guessed-write-key',
    body: { batch: events(1) },
    expect: refused(401, 'UNAUTHORIZED'),
  },
  {
    name: 'a beacon with the write key in the query twice',
    path: '/beacon/v1/batch?writeKey=a&writeKey=b',
    body: { batch: events(1) },
    expect: refused(401, 'UNAUTHORIZED'),
  },
  {
    name: "analytics.js's settings for an unknown write key",
    method: 'GET',
    path: '/v1/projects/guessed-write-key/settings',
    expect: refused(401, 'UNAUTHORIZED'),
  },
  { name: "RudderStack's source config without a write key", method: 'GET', path: '/sourceConfig/?p=npm', expect: refused(401, 'UNAUTHORIZED') },
  {
    name: 'a preflight from an origin no workspace lists',
    method: 'OPTIONS',
    path: '/v1/t',
    headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization' },
    expect: refused(403, 'ORIGIN_NOT_ALLOWED'),
  },
  {
    name: 'a page of an origin the workspace does not list, with the right key',
    path: '/v1/track',
    auth: 'write',
    headers: { origin: 'https://evil.example' },
    body: ok,
    expect: refused(403, 'ORIGIN_NOT_ALLOWED'),
  },
];
