import { ValidationFailed } from '@cairn/core';
import { applyConsentUpdate } from '@cairn/messaging-domain';
import { waitFor } from '@cairn/testing';
import { ConsentRepository } from '../../consents/consent.repository';
import { MessagingParts, Row } from '../../testing/messaging-parts';
import { SendMessageCommand } from './send-message.command';
import { SendMessageUseCase } from './send-message.usecase';

describe('SendMessageUseCase', () => {
  let parts: MessagingParts;
  let send: SendMessageUseCase;
  const rows = async (userId: string) => (await parts.intents(userId)).map((r: Row) => [r.idempotency_key, r.status, r.reason]);
  const command = (key: string, request: Partial<SendMessageCommand['request']> = {}): SendMessageCommand => ({
    workspace: parts.workspace,
    idempotencyKey: key,
    request: { userId: 'minji', channel: 'hook', template: 'order', category: 'transactional', data: { orderId: 'A-1001' }, ...request },
  });
  const refusal = async (promise: Promise<unknown>) => {
    const error = await promise.then(
      () => undefined,
      (e: unknown) => e,
    );
    if (!(error instanceof ValidationFailed)) throw new Error(`expected a ValidationFailed, got ${String(error)}`);
    return error.fields.map((f) => [f.path, f.message]);
  };

  beforeAll(async () => {
    parts = await MessagingParts.start();
    send = new SendMessageUseCase(
      parts.dataSource,
      parts.clock,
      parts.logger,
      parts.outbox,
      parts.credentials,
      parts.segments,
      parts.content,
      parts.decider,
      parts.sends,
    );
    const now = parts.clock.now();
    await parts.channels.insert('dev', { key: 'hook', type: 'log', config: {} }, now);
    await parts.channels.insert('dev', { key: 'mail', type: 'smtp', config: { host: 'smtp.example.com', port: 587, from: 'Shop <shop@example.com>' } }, now);
    await parts.templates.insert(
      'dev',
      { key: 'order', channel: 'log', content: { text: 'Order {{ data.orderId }} for {{ user.name | default: "you" }}' } },
      now,
    );
    await parts.templates.insert('dev', { key: 'promo', channel: 'log', category: 'promotional', content: { text: 'Sale!' } }, now);
    await parts.templates.insert('dev', { key: 'receipt', channel: 'email', content: { subject: 'Receipt {{ data.orderId }}', text: 'Thanks' } }, now);
  });

  afterAll(() => parts?.stop());

  it('sends once per Idempotency-Key: the same key answers the same message and delivers nothing more', async () => {
    const first = await send.execute(command('order-A-1001'));
    expect(first).toEqual({ id: expect.any(String), status: 'SENDING', reason: null, deferredUntil: null });
    await waitFor(async () => (await parts.intents('minji'))[0]?.status === 'SENT', { what: 'the message delivered' });
    for (let i = 0; i < 2; i++) expect((await send.execute(command('order-A-1001'))).id).toBe(first.id);
    expect(parts.provider.sent.map((m) => [m.idempotencyKey, m.content])).toEqual([['api:order-A-1001', { text: 'Order A-1001 for you' }]]);
    expect(await rows('minji')).toEqual([['api:order-A-1001', 'SENT', null]]);
    expect((await parts.outcomes()).map((o: Row) => [o.idempotencyKey, o.status])).toEqual([['api:order-A-1001', 'SENT']]);
  });

  it('refuses another request under a key already used, with 409', async () => {
    await expect(send.execute(command('order-A-1001', { data: { orderId: 'B-2' } }))).rejects.toMatchObject({ status: 409, code: 'IDEMPOTENCY_KEY_REUSED' });
  });

  it('refuses an unknown channel or template, a template the channel cannot carry and a missing address before recording anything', async () => {
    expect(await refusal(send.execute(command('k1', { userId: 'nobody', channel: 'fax', template: 'nope' })))).toEqual([
      ['channel', 'unknown channel "fax"'],
      ['template', 'unknown template "nope"'],
    ]);
    expect(await refusal(send.execute(command('k2', { userId: 'nobody', channel: 'mail', template: 'order' })))).toEqual([
      ['template', 'is a log template; channel "mail" (smtp) takes email'],
      ['to.email', 'the user has no email trait for channel "mail"; give to.email'],
    ]);
    expect(await refusal(send.execute(command('k3', { userId: 'nobody', fallback: { channel: 'sms', template: 'order' } })))).toEqual([
      ['fallback.channel', 'unknown channel "sms"'],
    ]);
    await expect(send.execute(command('k4', { userId: 'nobody', data: {} }))).rejects.toMatchObject({
      status: 422,
      code: 'TEMPLATE_RENDER_FAILED',
      fields: [{ path: 'template', message: expect.stringMatching(/^content\.text: .*data\.orderId/) }],
    });
    expect(await parts.intents('nobody')).toEqual([]);
  });

  it('sends to the address the request gives and renders data into the template', async () => {
    parts.provider.failing = false;
    const answer = await send.execute(command('receipt-1', { userId: 'jiwoo', channel: 'mail', template: 'receipt', to: { email: 'jiwoo@example.com' } }));
    const [row] = await parts.intents('jiwoo');
    expect(row).toMatchObject({ id: answer.id, content: { subject: 'Receipt A-1001', text: 'Thanks' }, context: { user: { email: 'jiwoo@example.com' } } });
  });

  it('decides by category like a journey: promotional needs consent, and the template gives the category when the request does not', async () => {
    const refused = await send.execute(command('promo-1', { userId: 'seoyeon', template: 'promo', category: undefined }));
    expect(refused).toMatchObject({ status: 'SUPPRESSED', reason: 'no_consent' });
    const consents = new ConsentRepository(parts.dataSource.manager);
    await consents.save('dev', 'seoyeon', applyConsentUpdate({}, { channels: { hook: { advertising: true } } }, parts.clock.now()), parts.clock.now());
    expect(await send.execute(command('promo-2', { userId: 'seoyeon', template: 'promo', category: undefined }))).toMatchObject({ status: 'SENDING' });
    expect(await rows('seoyeon')).toEqual([
      ['api:promo-1', 'SUPPRESSED', 'no_consent'],
      ['api:promo-2', expect.stringMatching(/SENDING|SENT/), null],
    ]);
    expect(
      await refusal(
        send.execute(command('promo-3', { userId: 'seoyeon', template: 'promo', category: undefined, fallback: { channel: 'hook', template: 'order' } })),
      ),
    ).toEqual([['fallback', expect.stringContaining('informational messages only')]]);
  });
});
