import { waitFor } from '@cairn/testing';
import { ListMessagesUseCase } from '../messages/list-messages/list-messages.usecase';
import { HandleMessageRequestsUseCase } from './handle-message-requests/handle-message-requests.usecase';
import { MessagingParts, Row } from '../testing/messaging-parts';

describe('test sends (`test: true` on a message request)', () => {
  let parts: MessagingParts;
  let handle: HandleMessageRequestsUseCase;
  const settled = (userId: string, n: number) =>
    waitFor(
      async () => {
        const rows = await parts.intents(userId);
        return rows.length === n && rows.every((r: Row) => !['PENDING', 'SENDING'].includes(r.status)) ? rows : undefined;
      },
      { what: `${userId}'s ${n} messages decided` },
    );
  const policy = async (quietAllDay: boolean) => {
    await parts.policies.put(
      'dev',
      {
        rules: [{ scope: 'all', limit: 1, window: '24h', categories: ['promotional'] }],
        whenCapped: 'drop',
        compliance: 'kr-ad-law',
        ...(quietAllDay ? { quietHours: { start: '00:00', end: '23:59', categories: ['promotional'] } } : {}),
      },
      parts.clock.now(),
    );
    parts.policyReader.changed('dev');
  };

  beforeAll(async () => {
    parts = await MessagingParts.start();
    handle = new HandleMessageRequestsUseCase(
      parts.dataSource,
      parts.clock,
      parts.config,
      parts.logger,
      parts.outbox,
      parts.content,
      parts.decider,
      parts.sends,
    );
    await parts.sendable(['capped', 'night', 'withdrawn']);
  });

  afterAll(() => parts?.stop());

  it('go out past a frequency cap, do not count against it, and are marked in the delivery log', async () => {
    await policy(false);
    await handle.execute({ requests: [parts.request('capped', 't1', { test: true })] });
    await handle.execute({ requests: [parts.request('capped', 'k1'), parts.request('capped', 'k2'), parts.request('capped', 't2', { test: true })] });
    expect((await settled('capped', 4)).map((r: Row) => [r.idempotency_key, r.status, r.reason])).toEqual([
      ['t1', 'SENT', null],
      ['k1', 'SENT', null],
      ['k2', 'SUPPRESSED', 'frequency_cap'],
      ['t2', 'SENT', null],
    ]);
    const log = await new ListMessagesUseCase(parts.dataSource).execute({ workspaceId: 'dev', filter: { userId: 'capped', limit: 10 } });
    expect(log.messages.map((m) => [m.idempotencyKey, m.test])).toEqual([
      ['t2', true],
      ['k2', false],
      ['k1', false],
      ['t1', true],
    ]);
  });

  it('go out in quiet hours, but still need consent', async () => {
    await policy(true);
    await parts.consent('withdrawn', false);
    await handle.execute({
      requests: [parts.request('night', 'k3'), parts.request('night', 't3', { test: true }), parts.request('withdrawn', 't4', { test: true })],
    });
    expect((await settled('night', 2)).map((r: Row) => [r.idempotency_key, r.status, r.reason])).toEqual([
      ['k3', 'DEFERRED', 'quiet_hours'],
      ['t3', 'SENT', null],
    ]);
    expect((await settled('withdrawn', 1)).map((r: Row) => [r.idempotency_key, r.status, r.reason])).toEqual([['t4', 'SUPPRESSED', 'consent_withdrawn']]);
  });

  it('are marked only when the request says so (a context naming test is an ordinary send)', async () => {
    await handle.execute({ requests: [parts.request('capped', 'forged', { context: { user: { name: 'x' }, test: true } })] });
    const forged = (await settled('capped', 5)).find((r: Row) => r.idempotency_key === 'forged');
    expect(forged).toMatchObject({ status: 'DEFERRED', reason: 'quiet_hours' });
    expect(forged!.context).toEqual({ user: { name: 'x' } });
  });
});
