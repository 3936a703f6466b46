import { gzipSync } from 'node:zlib';
import { accepted, eitherWay, HostileRequest, refused, refusedAny } from './corpus-types';

const event = { userId: 'h-1', event: 'Product Viewed' };
const bomb = gzipSync(Buffer.alloc(64 * 1024 * 1024));

/** Keys, key guessing, and HTTP that no well-behaved client sends. */
export const AUTH_AND_HTTP: HostileRequest[] = [
  { name: 'ingest without a key', path: '/v1/track', body: event, expect: refused(401, 'UNAUTHORIZED') },
  { name: 'ingest with the admin key', path: '/v1/track', auth: 'admin', body: event, expect: refused(401, 'UNAUTHORIZED') },
  { name: 'ingest with an empty Bearer token', path: '/v1/track', headers: { authorization: 'Bearer ' }, body: event, expect: refused(401, 'UNAUTHORIZED') },
  {
    name: 'ingest with Basic auth that is not base64',
    path: '/v1/track',
    auth: { basic: '%%%not base64%%%' },
    body: event,
    expect: refused(401, 'UNAUTHORIZED'),
  },
  {
    name: 'ingest with a 10 KB Basic user name',
    path: '/v1/track',
    auth: { basic: Buffer.from(`${'k'.repeat(10_000)}:`).toString('base64') },
    body: event,
    expect: refused(401, 'UNAUTHORIZED'),
  },
  { name: 'management without a key', path: '/v1/segments', expect: refused(401, 'UNAUTHORIZED') },
  { name: 'management with the write key', path: '/v1/segments', auth: 'write', expect: refused(401, 'UNAUTHORIZED') },
  {
    name: 'management with Basic auth (admin keys are Bearer only)',
    path: '/v1/templates',
    auth: { basic: Buffer.from('dev-admin-key:').toString('base64') },
    expect: refused(401, 'UNAUTHORIZED'),
  },
  { name: 'another workspace admin reading this workspace segment', path: '/v1/segments/hostile-all', auth: 'other-admin', expect: refused(404, 'NOT_FOUND') },
  {
    name: 'a gzip bomb without a key (refused before inflating)',
    path: '/v1/batch',
    headers: { 'content-encoding': 'gzip' },
    body: bomb,
    expect: refused(401, 'UNAUTHORIZED'),
  },
  {
    name: 'guessing write keys from one address: refused after the burst',
    path: '/v1/track',
    auth: { bearer: 'guess-write-key' },
    body: event,
    from: '203.0.113.66',
    repeat: 21,
    expect: refused(429, 'TOO_MANY_AUTH_FAILURES'),
  },
  {
    name: 'the guessing address, now with the right key, is still refused',
    path: '/v1/track',
    auth: 'write',
    body: event,
    from: '203.0.113.66',
    expect: refused(429, 'TOO_MANY_AUTH_FAILURES'),
  },
  { name: 'another address with the right key is not affected', path: '/v1/track', auth: 'write', body: event, from: '203.0.113.67', expect: accepted },
  {
    name: 'guessing admin keys from one address: refused after the burst',
    path: '/v1/journeys',
    auth: { bearer: 'guess-admin-key' },
    from: '203.0.113.68',
    repeat: 21,
    expect: refused(429, 'TOO_MANY_AUTH_FAILURES'),
  },
  {
    name: 'a spoofed X-Forwarded-For before the front door does not pick the counted address',
    path: '/v1/segments',
    auth: 'admin',
    headers: { 'x-forwarded-for': '203.0.113.68, 198.18.200.1' },
    expect: accepted,
  },
  { name: 'an unknown method', method: 'TRACE', path: '/v1/segments', auth: 'admin', expect: refusedAny() },
  { name: 'a PATCH nobody serves', method: 'PATCH', path: '/v1/journeys/x', auth: 'admin', body: {}, expect: refusedAny() },
  { name: 'a path outside the API', path: '/etc/passwd', expect: refused(404, 'NOT_FOUND') },
  { name: 'a path climbing out of a route to the health check', path: '/v1/track/../../health/live', expect: eitherWay },
  { name: 'a path climbing from one service route into another is routed by where it lands', path: '/v1/track/../segments', auth: 'admin', expect: accepted },
  { name: 'a path climbing above the root', path: '/../../../../etc/passwd', expect: refused(404, 'NOT_FOUND') },
  {
    name: 'an absolute-form request target naming another host',
    raw: 'GET http://169.254.169.254/v1/segments HTTP/1.1\r\nHost: 169.254.169.254\r\nConnection: close\r\n\r\n',
    path: '',
    expect: refusedAny(),
  },
  { name: 'a NUL byte in the request line', raw: 'GET /v1/segments\u0000 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n', path: '', expect: refusedAny() },
  { name: 'a request line that is not HTTP', raw: 'HELLO THERE\r\n\r\n', path: '', expect: refusedAny() },
  {
    name: 'a 20 KB header',
    raw: `GET /v1/segments HTTP/1.1\r\nHost: x\r\nX-Big: ${'b'.repeat(20_000)}\r\nConnection: close\r\n\r\n`,
    path: '',
    expect: refused(431),
  },
  {
    name: 'Content-Length and chunked together (request smuggling)',
    raw: 'POST /v1/track HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n0\r\n\r\nGET /v1/segments HTTP/1.1\r\n\r\n',
    path: '',
    expect: refusedAny(),
  },
  {
    name: 'a body shorter than its Content-Length',
    raw: 'POST /v1/track HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\nConnection: close\r\n\r\n{"userId":',
    path: '',
    expect: eitherWay,
  },
  {
    name: 'a thousand query parameters',
    path: `/v1/messages?${Array.from({ length: 1_000 }, (_, i) => `p${i}=${i}`).join('&')}`,
    auth: 'admin',
    expect: eitherWay,
  },
];
