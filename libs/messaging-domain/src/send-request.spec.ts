import { ValidationFailed } from '@cairn/core';
import { validateIdempotencyKey, validateSendRequest } from './send-request';

function fields(fn: () => unknown): string[] {
  try {
    fn();
  } catch (error) {
    if (error instanceof ValidationFailed) return error.fields.map((f) => f.path).sort();
    throw error;
  }
  throw new Error('expected a ValidationFailed');
}

describe('POST /v1/send body', () => {
  const order = { userId: 'minji', channel: 'email', template: 'order-confirmation', category: 'transactional', data: { orderId: 'A-1001' } };

  it('takes the user, channel, template, category, data, an address and a fallback', () => {
    expect(validateSendRequest(order)).toEqual(order);
    const full = { ...order, to: { email: 'minji@example.com', phone: '+82 10-1234-5678' }, fallback: { channel: 'sms', template: 'order-sms' } };
    expect(validateSendRequest(full)).toEqual(full);
  });

  it('leaves the category to the template and data empty when they are absent', () => {
    expect(validateSendRequest({ userId: 'minji', channel: 'email', template: 't' })).toEqual({ userId: 'minji', channel: 'email', template: 't', data: {} });
  });

  it('names every field at fault', () => {
    expect(fields(() => validateSendRequest({ channel: 'e mail', template: '', category: 'ads', data: [1], extra: 1 }))).toEqual([
      'category',
      'channel',
      'data',
      'extra',
      'template',
      'userId',
    ]);
    expect(fields(() => validateSendRequest({ ...order, to: { email: 'minji', phone: 'call me', fax: '1' }, fallback: { channel: 'sms' } }))).toEqual([
      'fallback.template',
      'to.email',
      'to.fax',
      'to.phone',
    ]);
    expect(fields(() => validateSendRequest({ ...order, userId: 'a\nb' }))).toEqual(['userId']);
    expect(fields(() => validateSendRequest('x'))).toEqual(['']);
  });

  it('requires an Idempotency-Key of 1 to 200 visible ASCII characters', () => {
    expect(validateIdempotencyKey('order-A-1001')).toBe('order-A-1001');
    for (const bad of [undefined, '', 'with space', 'x'.repeat(201), '주문']) expect(fields(() => validateIdempotencyKey(bad))).toEqual(['Idempotency-Key']);
  });
});
