import { gzipSync } from 'node:zlib';
import { accepted, eitherWay, HostileRequest, refused, refusedAny } from './corpus-types';

const long = 'x'.repeat(5_000);
const get = (name: string, path: string, expect: HostileRequest['expect']): HostileRequest => ({ name, path, auth: 'admin', expect });
const nul = (path: string) => get(`a NUL in the path: ${path.replace('%00', '␀')}`, path, refused(400, 'NUL_CHARACTER'));
const tooLong = (name: string, path: string) => get(`a 5,000-character ${name} in the path`, path, refused(400, 'PARAMETER_TOO_LONG'));
const invalidJson = (name: string, method: 'POST' | 'PUT', path: string): HostileRequest => ({ name: `invalid JSON to ${name}`, method, path, auth: 'admin', body: '{"key": "x", ', expect: refused(400, 'INVALID_JSON') });

/** What the other corpus entries need: a log channel, a segment, a template that loops. */
export const SETUP: HostileRequest[] = [
  { name: 'setup: a log channel', path: '/v1/channels', auth: 'admin', body: { key: 'log', type: 'log', config: {} }, expect: accepted },
  { name: 'setup: a segment', path: '/v1/segments', auth: 'admin', body: { key: 'hostile-all', name: 'Viewed anything', condition: { event: 'Product Viewed', count: { min: 1 }, within: '7d' } }, expect: accepted },
  {
    name: 'setup: a template with nested loops (storing it is harmless)',
    path: '/v1/templates',
    auth: 'admin',
    body: { key: 'hostile-loop', channel: 'log', category: 'transactional', content: { text: '{% for i in (1..1000000) %}{% for j in (1..1000000) %}x{% endfor %}{% endfor %}' } },
    expect: accepted,
  },
];

/** Path and query parameters on every service: NUL, broken encodings, huge ids, bad cursors, repeated parameters. */
export const PARAMETERS: HostileRequest[] = [
  nul('/v1/segments/a%00b'),
  nul('/v1/segments/hostile-all%00/members'),
  nul('/v1/users/a%00b/segments'),
  nul('/v1/journeys/a%00b'),
  nul('/v1/users/a%00b/journeys'),
  nul('/v1/coupon-pools/a%00b'),
  nul('/v1/templates/a%00b'),
  nul('/v1/channels/a%00b'),
  nul('/v1/users/a%00b/consents'),
  { name: 'a NUL in the path of an ingest call', path: '/v1/batch/%00', auth: 'write', body: { batch: [] }, expect: refused(400, 'NUL_CHARACTER') },
  { name: 'a NUL glued to an ingest route (no route)', path: '/v1/track%00', auth: 'write', body: { userId: 'h', event: 'E' }, expect: refused(404, 'NOT_FOUND') },
  get('a NUL in the members cursor', '/v1/segments/hostile-all/members?after=%00', refused(400, 'NUL_CHARACTER', 'after')),
  get('a NUL in a delivery-log filter', '/v1/messages?userId=%00', refused(400, 'NUL_CHARACTER', 'userId')),
  get('a NUL in a segments key list', '/v1/segments?keys=a,%00', refused(400, 'NUL_CHARACTER', 'keys')),
  get('a NUL in a templates key list', '/v1/templates?keys=%00', refused(400, 'NUL_CHARACTER', 'keys')),
  get('a NUL in a channels key list', '/v1/channels?keys=%00', refused(400, 'NUL_CHARACTER', 'keys')),
  get('a NUL in a template locale', '/v1/templates/hostile-loop?locale=%00', refused(400, 'NUL_CHARACTER', 'locale')),
  get('a NUL in the explain flag', '/v1/users/u/segments?explain=%00', refused(400, 'NUL_CHARACTER', 'explain')),
  get('an encoded unpaired surrogate in the path', '/v1/users/%ED%A0%80/segments', refused(400, 'INVALID_PARAMETER')),
  get('a byte that is not UTF-8 in the path', '/v1/journeys/%ff', refused(400, 'INVALID_PARAMETER')),
  get('a truncated percent-encoding in the path', '/v1/templates/%E0%A4%A', refused(400, 'INVALID_PARAMETER')),
  get('a percent sign alone in the path', '/v1/channels/100%', refused(400, 'INVALID_PARAMETER')),
  tooLong('segment id', `/v1/segments/${long}`),
  tooLong('segment id (members)', `/v1/segments/${long}/members`),
  tooLong('userId (segments)', `/v1/users/${long}/segments`),
  tooLong('journey id', `/v1/journeys/${long}`),
  tooLong('journey id (publish)', `/v1/journeys/${long}/stats`),
  tooLong('userId (journeys)', `/v1/users/${long}/journeys`),
  tooLong('coupon pool key', `/v1/coupon-pools/${long}`),
  tooLong('template key', `/v1/templates/${long}`),
  tooLong('channel key', `/v1/channels/${long}`),
  tooLong('userId (consents)', `/v1/users/${long}/consents`),
  get('a 1,000-character userId filter', `/v1/messages?userId=${'u'.repeat(1000)}`, refused(400, 'PARAMETER_TOO_LONG', 'userId')),
  get('a 300-character members cursor', `/v1/segments/hostile-all/members?after=${'c'.repeat(300)}`, refused(400, 'PARAMETER_TOO_LONG', 'after')),
  get('a cursor given twice', '/v1/segments/hostile-all/members?after=a&after=b', refused(400, 'INVALID_PARAMETER', 'after')),
  get('a filter given twice', '/v1/messages?userId=a&userId=b', refused(400, 'INVALID_PARAMETER', 'userId')),
  get('a cursor as an object', '/v1/segments/hostile-all/members?after[gt]=a', eitherWay),
  get('a cursor past every member', '/v1/segments/hostile-all/members?after=zzzzzzzz', accepted),
  get('a negative page size', '/v1/segments/hostile-all/members?limit=-1', refusedAny()),
  get('a page size of a billion', '/v1/segments/hostile-all/members?limit=1000000000', refusedAny()),
  get('a page size that is not a number', '/v1/messages?limit=abc', refused(400, 'VALIDATION_FAILED', 'limit')),
  get('a fractional page size', '/v1/messages?limit=1.5', refused(400, 'VALIDATION_FAILED', 'limit')),
  get('an unknown status filter', '/v1/messages?status=DROP%20TABLE', refused(400, 'VALIDATION_FAILED', 'status')),
  get('501 keys in a list', `/v1/segments?keys=${Array.from({ length: 501 }, (_, i) => `k${i}`).join(',')}`, refusedAny()),
  get('500 keys in a list', `/v1/templates?keys=${Array.from({ length: 500 }, (_, i) => `k${i}`).join(',')}`, accepted),
  get('an emoji userId', '/v1/users/%F0%9F%98%80/segments', accepted),
  { name: 'a preview sample of a million', method: 'POST', path: '/v1/segments/preview?sample=1000000', auth: 'admin', body: { condition: { trait: 'tier', op: 'exists' } }, expect: refusedAny() },
  // invalid JSON and content types on every service
  invalidJson('segments', 'POST', '/v1/segments'),
  invalidJson('segment preview', 'POST', '/v1/segments/preview'),
  invalidJson('journeys', 'POST', '/v1/journeys'),
  invalidJson('coupon pools', 'PUT', '/v1/coupon-pools/p'),
  invalidJson('templates', 'POST', '/v1/templates'),
  invalidJson('channels', 'POST', '/v1/channels'),
  invalidJson('the frequency policy', 'PUT', '/v1/frequency-policy'),
  invalidJson('consents', 'PUT', '/v1/users/u/consents'),
  { name: 'JSON with trailing garbage to journeys', path: '/v1/journeys', auth: 'admin', body: '{} {}', expect: refused(400, 'INVALID_JSON') },
  { name: 'a bare string to segments', path: '/v1/segments', auth: 'admin', body: '"segment"', expect: refused(400, 'INVALID_JSON') },
  { name: 'a JSON array to templates', path: '/v1/templates', auth: 'admin', body: [], expect: refusedAny() },
  { name: 'JSON as text/plain to segments', path: '/v1/segments', auth: 'admin', headers: { 'content-type': 'text/plain' }, body: { key: 'plain', name: 'x', condition: { trait: 't', op: 'exists' } }, expect: refusedAny() },
  { name: 'a form to the frequency policy', method: 'PUT', path: '/v1/frequency-policy', auth: 'admin', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'rules=none', expect: refusedAny() },
  { name: 'XML to journeys', path: '/v1/journeys', auth: 'admin', headers: { 'content-type': 'application/xml' }, body: '<journey key="x"/>', expect: refusedAny() },
  { name: 'a management body over 100 KB', path: '/v1/templates', auth: 'admin', body: { key: 'big', channel: 'log', content: { text: 'x'.repeat(200 * 1024) } }, expect: refused(413, 'PAYLOAD_TOO_LARGE') },
  { name: 'a gzip bomb to management', path: '/v1/segments', auth: 'admin', headers: { 'content-encoding': 'gzip' }, body: gzipSync(Buffer.alloc(32 * 1024 * 1024)), expect: refused(413, 'PAYLOAD_TOO_LARGE') },
  { name: 'a NUL in a management body', path: '/v1/segments', auth: 'admin', body: '{"key":"a\\u0000","name":"x","condition":{"trait":"t","op":"exists"}}', expect: refused(400, 'NUL_CHARACTER', 'key') },
  { name: 'an unpaired surrogate in a template', path: '/v1/templates', auth: 'admin', body: '{"key":"sur","channel":"log","content":{"text":"\\udc00"}}', expect: refused(400, 'INVALID_UNICODE', 'content.text') },
  { name: 'a prototype key in a journey', path: '/v1/journeys', auth: 'admin', body: '{"key":"proto","constructor":{"prototype":{"polluted":true}}}', expect: refused(400, 'FORBIDDEN_KEY') },
  { name: 'a management body nested 40,000 deep', path: '/v1/segments/preview', auth: 'admin', body: `{"condition":${'['.repeat(40_000)}${']'.repeat(40_000)}}`, expect: refused(400, 'TOO_DEEP') },
];
