import { MessageRequest } from '@cairn/contracts';
import { storableRequest } from './storable-request';

const request: MessageRequest = {
  v: 1,
  workspaceId: 'dev',
  userId: 'u-1',
  idempotencyKey: 'run-1:send:1',
  channel: 'hook',
  template: 'promo',
  category: 'promotional',
  context: { user: { name: 'Minji', tags: ['a', 'b'] } },
  requestedAt: '2026-11-02T03:00:00.000Z',
};

describe('storableRequest', () => {
  it('returns a request Postgres can store as it is', () => {
    const result = storableRequest(request);
    expect(result).toEqual({ request, invalid: false });
    expect(result.request).toBe(request);
  });

  it.each([
    ['a NUL in a context value', { context: { user: { name: 'bad\u0000name' } } }, { context: { user: { name: 'bad\uFFFDname' } } }],
    ['a NUL in a context key', { context: { user: { 'na\u0000me': 'x' } } }, { context: { user: { 'na\uFFFDme': 'x' } } }],
    ['a NUL in an array', { context: { user: { tags: ['ok', '\u0000'] } } }, { context: { user: { tags: ['ok', '\uFFFD'] } } }],
    ['a NUL in the user id', { userId: 'u\u00001' }, { userId: 'u\uFFFD1' }],
    ['a lone high surrogate', { context: { user: { name: 'x\ud800' } } }, { context: { user: { name: 'x\uFFFD' } } }],
    ['a lone low surrogate', { context: { user: { name: '\udc00y' } } }, { context: { user: { name: '\uFFFDy' } } }],
  ])('repairs %s and marks the request invalid', (_name, change, repaired) => {
    expect(storableRequest({ ...request, ...change } as MessageRequest)).toEqual({ request: { ...request, ...repaired }, invalid: true });
  });

  it('keeps a well-formed surrogate pair', () => {
    const emoji = { ...request, context: { user: { name: '민지 😀' } } };
    expect(storableRequest(emoji).invalid).toBe(false);
  });
});
