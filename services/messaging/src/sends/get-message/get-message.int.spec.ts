import { MessagingParts } from '../../testing/messaging-parts';
import { GetMessageUseCase } from './get-message.usecase';

describe('GetMessageUseCase', () => {
  let parts: MessagingParts;
  let getMessage: GetMessageUseCase;

  beforeAll(async () => {
    parts = await MessagingParts.start();
    getMessage = new GetMessageUseCase(parts.dataSource);
  });

  afterAll(() => parts?.stop());

  it('answers one message of the workspace with its status, content, times, receipts and fallback', async () => {
    const [intent] = await parts.record([parts.request('minji', 'k1', { fallback: { channel: 'sms', template: 'order-sms' } })]);
    await parts.decided(intent, { status: 'SENT', sentAt: parts.clock.now() });
    expect(await getMessage.execute({ workspaceId: 'dev', id: intent.id })).toEqual({
      id: intent.id,
      userId: 'minji',
      idempotencyKey: 'k1',
      journey: 'welcome',
      journeyVersion: 1,
      runId: 'run-minji',
      step: 'send',
      channel: 'hook',
      template: 'promo',
      test: false,
      category: 'promotional',
      status: 'SENT',
      reason: null,
      content: { json: { text: 'Hi minji' } },
      createdAt: '2026-03-02T03:00:00.000Z',
      sentAt: '2026-03-02T03:00:00.000Z',
      deferredUntil: null,
      broadcastId: null,
      deliveredAt: null,
      openedAt: null,
      clickedAt: null,
      bouncedAt: null,
      bounce: null,
      complainedAt: null,
      fallback: { channel: 'sms', template: 'order-sms' },
    });
  });

  it('answers 404 for another workspace’s message, an unknown id or one that is not an id', async () => {
    const [intent] = await parts.record([parts.request('minji', 'k2')]);
    await expect(getMessage.execute({ workspaceId: 'other', id: intent.id })).rejects.toMatchObject({ status: 404 });
    await expect(getMessage.execute({ workspaceId: 'dev', id: '00000000-0000-4000-8000-000000000000' })).rejects.toMatchObject({ status: 404 });
    await expect(getMessage.execute({ workspaceId: 'dev', id: 'series' })).rejects.toMatchObject({ status: 404 });
  });
});
