import { MessagingParts } from '../../testing/messaging-parts';
import { IntentRepository } from '../intent.repository';
import { ListMessagesUseCase } from './list-messages.usecase';

describe('ListMessagesUseCase', () => {
  let parts: MessagingParts;
  let listMessages: ListMessagesUseCase;

  beforeAll(async () => {
    parts = await MessagingParts.start();
    listMessages = new ListMessagesUseCase(parts.dataSource);
    const intents = new IntentRepository(parts.dataSource.manager);
    await intents.recordPending(
      'dev',
      [parts.request('u1', 'k1'), parts.request('u2', 'k2', { journey: { key: 'other', version: 2, runId: 'r', step: 's' } })],
      parts.clock.now(),
    );
    await intents.recordPending('dev', [parts.request('u1', 'k3', { journey: undefined })], parts.clock.now());
    await intents.recordPending('elsewhere', [parts.request('u1', 'k4', { workspaceId: 'elsewhere' })], parts.clock.now());
    const [second] = await intents.findMany((await parts.intents('u2')).map((r: { id: string }) => r.id)).then((m) => [...m.values()]);
    await intents.transition(second, ['PENDING'], { status: 'FAILED', reason: 'template_not_found' }, parts.clock.now());
  });

  afterAll(() => parts?.stop());

  it("answers the workspace's log newest first, as entries", async () => {
    const { messages } = await listMessages.execute({ workspaceId: 'dev', filter: { limit: 100 } });
    expect(messages.map((m) => m.idempotencyKey)).toEqual(['k3', 'k2', 'k1']);
    expect(messages[1]).toEqual({
      id: expect.any(String),
      userId: 'u2',
      idempotencyKey: 'k2',
      journey: 'other',
      journeyVersion: 2,
      runId: 'r',
      step: 's',
      channel: 'hook',
      template: 'promo',
      test: false,
      category: 'promotional',
      status: 'FAILED',
      reason: 'template_not_found',
      content: null,
      createdAt: '2026-03-02T03:00:00.000Z',
      sentAt: null,
      deferredUntil: null,
    });
    expect(messages[0]).toMatchObject({ journey: null, journeyVersion: null, runId: null, step: null });
  });

  it('filters by user, journey key and status, and takes the newest `limit`', async () => {
    const keys = async (filter: Parameters<ListMessagesUseCase['execute']>[0]['filter']) =>
      (await listMessages.execute({ workspaceId: 'dev', filter })).messages.map((m) => m.idempotencyKey);
    expect(await keys({ userId: 'u1', limit: 100 })).toEqual(['k3', 'k1']);
    expect(await keys({ journey: 'welcome', limit: 100 })).toEqual(['k1']);
    expect(await keys({ status: 'PENDING', limit: 100 })).toEqual(['k3', 'k1']);
    expect(await keys({ limit: 1 })).toEqual(['k3']);
  });
});
