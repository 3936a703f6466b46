import { MessagingParts } from '../../testing/messaging-parts';
import { BroadcastRepository } from '../broadcast.repository';
import { GetBroadcastUseCase } from './get-broadcast.usecase';

describe('GetBroadcastUseCase', () => {
  let parts: MessagingParts;
  let get: GetBroadcastUseCase;

  beforeAll(async () => {
    parts = await MessagingParts.start();
    get = new GetBroadcastUseCase(parts.dataSource);
  });

  afterAll(() => parts?.stop());

  it('answers a broadcast by id or key with its progress; 404 in another workspace', async () => {
    const stored = await new BroadcastRepository(parts.dataSource.manager).insert(
      'dev',
      { key: 'spring', segment: 'newsletter', channel: 'hook', template: 'promo', category: 'promotional', holdout: 0.1, sendAt: parts.clock.now() },
      parts.clock.now(),
    );
    const view = await get.execute({ workspaceId: 'dev', idOrKey: 'spring' });
    expect(view).toEqual({
      id: stored!.id,
      key: 'spring',
      segment: 'newsletter',
      channel: 'hook',
      template: 'promo',
      category: 'promotional',
      sendAt: '2026-03-02T03:00:00.000Z',
      ratePerMinute: null,
      holdout: 0.1,
      status: 'scheduled',
      reason: null,
      createdAt: '2026-03-02T03:00:00.000Z',
      startedAt: null,
      endedAt: null,
      progress: {
        targeted: 0,
        targetingDone: false,
        holdout: 0,
        pending: 0,
        cancelled: 0,
        sending: 0,
        sent: 0,
        deferred: 0,
        suppressed: 0,
        failed: 0,
        suppressedByReason: {},
        deferredByReason: {},
        failedByReason: {},
      },
    });
    expect((await get.execute({ workspaceId: 'dev', idOrKey: stored!.id })).key).toBe('spring');
    await expect(get.execute({ workspaceId: 'other', idOrKey: stored!.id })).rejects.toMatchObject({ status: 404 });
  });
});
