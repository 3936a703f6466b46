import { HostileRequest, refused, refusedAny } from './corpus-types';

const order = { userId: 'h-1', channel: 'nope', template: 'nope', category: 'transactional' };
const idem = (key: string) => ({ 'idempotency-key': key });

/** Sends through the API, broadcasts, unsubscribe links and delivery receipts: keys, headers, tokens and signatures. */
export const SENDS: HostileRequest[] = [
  { name: 'a send without a key', path: '/v1/send', headers: idem('h-1'), body: order, expect: refused(401, 'UNAUTHORIZED') },
  { name: 'a send with the write key', path: '/v1/send', auth: 'write', headers: idem('h-1'), body: order, expect: refused(401, 'UNAUTHORIZED') },
  { name: 'a send without an Idempotency-Key', path: '/v1/send', auth: 'admin', body: order, expect: refused(400, 'VALIDATION_FAILED', 'Idempotency-Key') },
  {
    name: 'a send with a 300-character Idempotency-Key',
    path: '/v1/send',
    auth: 'admin',
    headers: idem('k'.repeat(300)),
    body: order,
    expect: refused(400, 'VALIDATION_FAILED', 'Idempotency-Key'),
  },
  { name: 'a send of an array', path: '/v1/send', auth: 'admin', headers: idem('h-2'), body: [order], expect: refused(400, 'VALIDATION_FAILED') },
  {
    name: 'a send to an unknown channel',
    path: '/v1/send',
    auth: 'admin',
    headers: idem('h-3'),
    body: order,
    expect: refused(400, 'VALIDATION_FAILED', 'channel'),
  },
  {
    name: 'a send whose data holds __proto__',
    path: '/v1/send',
    auth: 'admin',
    headers: { ...idem('h-4'), 'content-type': 'application/json' },
    body: '{"userId":"h-1","channel":"c","template":"t","data":{"__proto__":{"x":1}}}',
    expect: refused(400, 'FORBIDDEN_KEY'),
  },
  { name: 'a message id that is not an id', path: '/v1/messages/not-an-id', auth: 'admin', expect: refused(404, 'NOT_FOUND') },
  {
    name: 'another workspace admin reading a message id',
    path: '/v1/messages/00000000-0000-4000-8000-000000000000',
    auth: 'other-admin',
    expect: refused(404),
  },
  { name: 'an unsubscribe link without a token', path: '/v1/unsubscribe', expect: refused(400) },
  {
    name: 'an unsubscribe link with a forged token',
    path: '/v1/unsubscribe?token=u1.dev.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
    expect: refused(400),
  },
  { name: 'an unsubscribe link with a 3,000-character token', path: `/v1/unsubscribe?token=${'u'.repeat(3000)}`, expect: refusedAny() },
  { name: 'an unsubscribe link with the token twice', path: '/v1/unsubscribe?token=a&token=b', method: 'POST', expect: refused(400) },
  { name: 'receipts without a signature', path: '/v1/channels/nope/receipts', body: { receipts: [] }, expect: refused(401, 'UNAUTHORIZED') },
  {
    name: 'receipts with a malformed signature',
    path: '/v1/channels/nope/receipts',
    headers: { 'x-cairn-signature': 't=abc,v1=zz' },
    body: { receipts: [{ messageId: 'x', status: 'DELIVERED' }] },
    expect: refused(401, 'UNAUTHORIZED'),
  },
  {
    name: 'a broadcast without a category',
    path: '/v1/broadcasts',
    auth: 'admin',
    body: { key: 'b', segment: 's', channel: 'c', template: 't' },
    expect: refusedAny(),
  },
  { name: 'a broadcast of another workspace', path: '/v1/broadcasts/nope', auth: 'other-admin', expect: refused(404, 'NOT_FOUND') },
  { name: 'cancelling an unknown broadcast', path: '/v1/broadcasts/nope/cancel', method: 'POST', auth: 'admin', expect: refused(404, 'NOT_FOUND') },
];
