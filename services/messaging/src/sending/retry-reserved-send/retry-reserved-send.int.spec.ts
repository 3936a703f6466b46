import { MessagingParts } from '../../testing/messaging-parts';
import { RetryReservedSendUseCase } from './retry-reserved-send.usecase';

describe('RetryReservedSendUseCase', () => {
  let parts: MessagingParts;
  let retryReserved: RetryReservedSendUseCase;
  const leaseEnd = new Date('2026-03-02T03:05:00.000Z');

  beforeAll(async () => {
    parts = await MessagingParts.start();
    retryReserved = new RetryReservedSendUseCase(parts.dataSource, parts.clock, parts.config, parts.logger, parts.outbox, parts.decider, parts.sends);
    await parts.sendable(['u1', 'withdrawn']);
    const [first, second] = await parts.record([parts.request('u1', 'k1'), parts.request('withdrawn', 'k2')]);
    for (const intent of [first, second]) await parts.decided(intent, { status: 'SENDING', countedAt: parts.clock.now(), retryAt: leaseEnd });
    await parts.consent('withdrawn', false);
  });

  afterAll(() => parts?.stop());

  it('finds nothing while the leases hold', async () => {
    expect(await retryReserved.execute()).toBe(false);
  });

  it('checks a send whose lease ran out again and delivers it once; a withdrawal meanwhile suppresses it instead', async () => {
    parts.clock.set(leaseEnd);
    expect(await retryReserved.execute()).toBe(true);
    expect(await retryReserved.execute()).toBe(true);
    expect(await retryReserved.execute()).toBe(false);
    expect((await parts.intents('u1'))[0]).toMatchObject({ status: 'SENT', attempts: 2 });
    expect((await parts.intents('withdrawn'))[0]).toMatchObject({ status: 'SUPPRESSED', reason: 'consent_withdrawn', counted_at: null });
    expect(parts.provider.sent.map((m) => m.idempotencyKey)).toEqual(['k1']);
  });

  it('sends only the fallback of a send whose primary channel had refused the recipient before the worker died', async () => {
    await parts.sendable(['fb']);
    const [intent] = await parts.record([parts.request('fb', 'k3', { category: 'transactional', fallback: { channel: 'hook', template: 'promo' } })]);
    await parts.decided(intent, { status: 'SENDING', countedAt: parts.clock.now(), retryAt: parts.clock.now() });
    // What DeliverSends records when the primary provider answers recipient_unreachable: the fallback is due.
    await parts.dataSource.query(`UPDATE messaging.send_intents SET fallback = fallback || '{"trigger":"recipient_unreachable"}' WHERE id = $1`, [intent.id]);
    expect(await retryReserved.execute()).toBe(true);
    expect(parts.provider.sent.filter((m) => m.userId === 'fb').map((m) => [m.idempotencyKey, m.content])).toEqual([
      ['k3:fallback', { json: { text: 'Hi fb' } }],
    ]);
    expect((await parts.intents('fb'))[0]).toMatchObject({
      status: 'SENT',
      fallback: { channel: 'hook', template: 'promo', trigger: 'recipient_unreachable', status: 'SENT', content: { json: { text: 'Hi fb' } } },
    });
  });
});
