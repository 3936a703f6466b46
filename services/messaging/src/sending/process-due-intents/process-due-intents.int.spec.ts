import { waitFor } from '@cairn/testing';
import { MessagingParts, Row } from '../../testing/messaging-parts';
import { ProcessDueIntentsUseCase } from './process-due-intents.usecase';

describe('ProcessDueIntentsUseCase', () => {
  let parts: MessagingParts;
  let processDue: ProcessDueIntentsUseCase;
  const later = new Date('2026-03-02T04:00:00.000Z');

  beforeAll(async () => {
    parts = await MessagingParts.start();
    processDue = new ProcessDueIntentsUseCase(parts.dataSource, parts.clock, parts.config, parts.logger, parts.outbox, parts.decider, parts.sends);
    await parts.sendable(['consenting']);
    const [consenting, silent, stray] = await parts.record([parts.request('consenting', 'k1'), parts.request('silent', 'k2'), parts.request('stray', 'k3')]);
    for (const intent of [consenting, silent]) await parts.decided(intent, { status: 'DEFERRED', reason: 'quiet_hours', deferredUntil: later });
    await parts.dataSource.query(`UPDATE messaging.send_intents SET workspace_id = 'gone' WHERE id = $1`, [stray.id]);
    await parts.dataSource.query(`UPDATE messaging.send_intents SET status = 'DEFERRED', deferred_until = $2 WHERE id = $1`, [stray.id, later]);
  });

  afterAll(() => parts?.stop());

  it('claims nothing before the deferred intents are due', async () => {
    expect(await processDue.execute({ limit: 200 })).toBe(0);
  });

  it("decides the due intents again with today's consents: sends what may go, suppresses what may not, fails an unknown workspace's", async () => {
    parts.clock.set(later);
    const before = (await parts.outcomes()).length;
    expect(await processDue.execute({ limit: 200 })).toBe(3);
    await waitFor(async () => (await parts.intents('consenting'))[0].status === 'SENT', { what: 'the due send delivered' });
    expect((await parts.intents('silent'))[0]).toMatchObject({ status: 'SUPPRESSED', reason: 'no_consent' });
    const [stray] = await parts.dataSource.query(`SELECT status, reason FROM messaging.send_intents WHERE workspace_id = 'gone'`);
    expect(stray).toEqual({ status: 'FAILED', reason: 'unknown_workspace' });
    expect(
      (await parts.outcomes())
        .slice(before)
        .map((o: Row) => [o.idempotencyKey, o.status])
        .sort(),
    ).toEqual([
      ['k1', 'SENT'],
      ['k2', 'SUPPRESSED'],
      ['k3', 'FAILED'],
    ]);
    expect(await processDue.execute({ limit: 200 })).toBe(0);
  });
});
