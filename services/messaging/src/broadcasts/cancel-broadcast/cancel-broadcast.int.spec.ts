import { MessagingParts, Row } from '../../testing/messaging-parts';
import { SegmentsStub } from '../../testing/segments-stub';
import { CreateBroadcastUseCase } from '../create-broadcast/create-broadcast.usecase';
import { RunBroadcastStepUseCase } from '../run-broadcast-step/run-broadcast-step.usecase';
import { CancelBroadcastUseCase } from './cancel-broadcast.usecase';

describe('CancelBroadcastUseCase', () => {
  let parts: MessagingParts;
  const segments = new SegmentsStub();
  let cancel: CancelBroadcastUseCase;
  let create: CreateBroadcastUseCase;
  let step: RunBroadcastStepUseCase;

  beforeAll(async () => {
    await segments.start();
    parts = await MessagingParts.start();
    parts.config.services = { segments: segments.url };
    // 22:00 KST: the workspace's quiet hours defer promotional messages until 08:00.
    parts.clock.set(new Date('2026-03-02T13:00:00.000Z'));
    cancel = new CancelBroadcastUseCase(parts.dataSource, parts.clock, parts.outbox);
    create = new CreateBroadcastUseCase(parts.dataSource, parts.clock, parts.credentials, parts.segments);
    step = new RunBroadcastStepUseCase(
      parts.dataSource,
      parts.clock,
      parts.config,
      parts.logger,
      parts.outbox,
      parts.segments,
      parts.content,
      parts.decider,
      parts.sends,
    );
    await parts.sendable(['a', 'b', 'c', 'd']);
    await parts.dataSource.query(`UPDATE messaging.consents SET ledger = jsonb_set(ledger, '{hook,night}', ledger->'hook'->'advertising')`);
    await parts.policies.put(
      'dev',
      { rules: [], whenCapped: 'drop', quietHours: { start: '21:00', end: '08:00', categories: ['promotional'] }, compliance: 'none' },
      parts.clock.now(),
    );
    segments.segments.set(
      'four',
      ['a', 'b', 'c', 'd'].map((userId) => ({ userId, traits: { name: userId } })),
    );
  });

  afterAll(async () => {
    await parts?.stop();
    await segments.stop();
  });

  it('stops what is not sent yet: pending members get nothing and deferred messages are suppressed broadcast_cancelled', async () => {
    await create.execute({
      workspace: parts.workspace,
      body: { key: 'night', segment: 'four', channel: 'hook', template: 'promo', category: 'promotional', ratePerMinute: 120 },
    });
    await step.execute(); // the page
    await step.execute(); // two members, deferred by quiet hours
    const view = await cancel.execute({ workspaceId: 'dev', idOrKey: 'night' });
    expect(view).toMatchObject({
      status: 'cancelled',
      progress: { targeted: 4, cancelled: 2, pending: 0, suppressed: 2, suppressedByReason: { broadcast_cancelled: 2 } },
    });
    const rows = await parts.dataSource.query(`SELECT status, reason FROM messaging.send_intents WHERE broadcast_id = $1`, [view.id]);
    expect(rows.map((r: Row) => [r.status, r.reason])).toEqual([
      ['SUPPRESSED', 'broadcast_cancelled'],
      ['SUPPRESSED', 'broadcast_cancelled'],
    ]);
    expect((await parts.outcomes()).filter((o: Row) => o.reason === 'broadcast_cancelled')).toHaveLength(2);
    parts.clock.advance(3_600_000);
    expect(await step.execute()).toBe(false); // nothing more runs
    expect(await cancel.execute({ workspaceId: 'dev', idOrKey: view.id })).toMatchObject({ status: 'cancelled' });
  });

  it('answers 404 for another workspace’s broadcast and 409 for one that completed', async () => {
    await expect(cancel.execute({ workspaceId: 'other', idOrKey: 'night' })).rejects.toMatchObject({ status: 404 });
    await create.execute({ workspace: parts.workspace, body: { key: 'done', segment: 'four', channel: 'hook', template: 'promo', category: 'transactional' } });
    for (let i = 0; i < 5 && (await step.execute()); i++);
    await expect(cancel.execute({ workspaceId: 'dev', idOrKey: 'done' })).rejects.toMatchObject({ status: 409, code: 'BROADCAST_FINISHED' });
  });
});
