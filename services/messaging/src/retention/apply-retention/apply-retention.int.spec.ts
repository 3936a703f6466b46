import { MessagingParts } from '../../testing/messaging-parts';
import { ApplyRetentionUseCase } from './apply-retention.usecase';

const DAY = 86_400_000;

describe('ApplyRetentionUseCase', () => {
  let parts: MessagingParts;

  beforeAll(async () => {
    parts = await MessagingParts.start();
    // A workspace that keeps rendered content 90 days and the delivery log a year (by default nothing is deleted).
    parts.config.workspaces[0].dataRights = { suppressErasedIds: false, retention: { renderedContentMs: 90 * DAY, historyMs: 365 * DAY } };
  });

  afterAll(() => parts?.stop());

  it("removes settled sends' rendered content and context after 90 days and the sends after a year (as the workspace says), leaving the rest", async () => {
    const now = parts.clock.now().getTime();
    const sendAt = async (key: string, ageDays: number, status: 'SENT' | 'DEFERRED') => {
      parts.clock.set(new Date(now - ageDays * DAY));
      const [intent] = await parts.record([parts.request('kept-user', key, { context: { user: { name: 'x', email: 'x@example.com' } } })]);
      await parts.decided(
        intent,
        status === 'SENT' ? { status: 'SENT', sentAt: parts.clock.now() } : { status: 'DEFERRED', deferredUntil: new Date(now + DAY) },
      );
    };
    await sendAt('fresh', 10, 'SENT');
    await sendAt('old', 100, 'SENT');
    await sendAt('waiting', 100, 'DEFERRED');
    await sendAt('ancient', 400, 'SENT');
    parts.clock.set(new Date(now));
    const retention = new ApplyRetentionUseCase(parts.dataSource, parts.clock, parts.config, parts.logger);
    expect(await retention.execute()).toBe(false);
    const rows = (await parts.intents('kept-user')).map((i: { idempotency_key: string; content: unknown; context: unknown }) => [
      i.idempotency_key,
      i.content !== null,
      JSON.stringify(i.context) !== '{}',
    ]);
    expect(rows).toEqual([
      ['fresh', true, true],
      ['old', false, false],
      ['waiting', true, true],
    ]);
    expect(await retention.execute()).toBe(false); // nothing more is due: a second pass changes nothing
    expect(await parts.intents('kept-user')).toHaveLength(3);
  });
});
