import { waitFor } from '@cairn/testing';
import { MessagingParts, Row } from '../../testing/messaging-parts';
import { HandleMessageRequestsUseCase } from './handle-message-requests.usecase';

describe('HandleMessageRequestsUseCase', () => {
  let parts: MessagingParts;
  let handle: HandleMessageRequestsUseCase;
  const statuses = async (userId: string) => (await parts.intents(userId)).map((r: Row) => [r.idempotency_key, r.status, r.reason]);

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
    await parts.sendable(['u1', 'u2']);
  });

  afterAll(() => parts?.stop());

  it('records an intent per request, decides it and queues the reserved send for delivery, with its outcome in the outbox', async () => {
    await handle.execute({ requests: [parts.request('u1', 'k1')] });
    await waitFor(async () => (await parts.intents('u1'))[0]?.status === 'SENT', { what: 'the send delivered' });
    expect(parts.provider.sent.map((m) => [m.idempotencyKey, m.content])).toEqual([['k1', { json: { text: 'Hi u1' } }]]);
    expect((await parts.outcomes()).map((o: Row) => [o.idempotencyKey, o.status])).toEqual([['k1', 'SENT']]);
    expect(parts.nudges).toBeGreaterThan(0);
  });

  it('adds nothing for a request seen before (same idempotency key)', async () => {
    await handle.execute({ requests: [parts.request('u1', 'k1')] });
    expect(await statuses('u1')).toEqual([['k1', 'SENT', null]]);
    expect(parts.provider.sent).toHaveLength(1);
  });

  it('fails what cannot be sent with its reason, decides the rest of the batch, and drops requests of unknown workspaces', async () => {
    await handle.execute({
      requests: [
        parts.request('u2', 'missing', { template: 'nope' }),
        parts.request('u2', 'nul', { context: { user: { name: 'a\u0000b' } } }),
        parts.request('u2', 'fine'),
        parts.request('u3', 'elsewhere', { workspaceId: 'unknown' }),
      ],
    });
    await waitFor(async () => (await parts.intents('u2')).every((r: Row) => !['PENDING', 'SENDING'].includes(r.status)), { what: 'the batch settled' });
    expect(await statuses('u2')).toEqual([
      ['missing', 'FAILED', 'template_not_found'],
      ['nul', 'FAILED', 'request_invalid'],
      ['fine', 'SENT', null],
    ]);
    expect(await parts.dataSource.query(`SELECT 1 FROM messaging.send_intents WHERE workspace_id = 'unknown'`)).toEqual([]);
  });
});
