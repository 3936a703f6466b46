import { IntentRepository } from '../../messages/intent.repository';
import { MessagingParts } from '../../testing/messaging-parts';
import { ProbeChannelUseCase } from './probe-channel.usecase';

describe('ProbeChannelUseCase', () => {
  let parts: MessagingParts;
  let probeChannel: ProbeChannelUseCase;

  beforeAll(async () => {
    parts = await MessagingParts.start();
    probeChannel = new ProbeChannelUseCase(parts.dataSource, parts.clock, parts.config, parts.outbox, parts.decider, parts.sends);
    await parts.sendable(['withdrawn', 'u1']);
    const recorded = await parts.record([parts.request('withdrawn', 'k1'), parts.request('u1', 'k2'), parts.request('u1', 'k3')]);
    const reserved = [];
    for (const intent of recorded) reserved.push(await parts.decided(intent, { status: 'SENDING', countedAt: parts.clock.now(), retryAt: parts.clock.now() }));
    // Parked behind an open breaker: due only in 30 minutes.
    const parkedUntil = new Date(parts.clock.now().getTime() + 30 * 60_000);
    await new IntentRepository(parts.dataSource.manager).park(
      reserved.map((i) => ({ id: i.id, reason: 'circuit_open', retryAt: parkedUntil })),
      parts.clock.now(),
    );
    await parts.consent('withdrawn', false);
  });

  afterAll(() => parts?.stop());

  it("delivers one of the channel's parked sends at once, skipping those its check ends", async () => {
    expect(await probeChannel.execute({ workspaceId: 'dev', channel: 'hook' })).toBe(true);
    expect((await parts.intents('withdrawn'))[0]).toMatchObject({ status: 'SUPPRESSED', reason: 'consent_withdrawn' });
    expect((await parts.intents('u1')).map((r: { status: string }) => r.status)).toEqual(['SENT', 'SENDING']);
    expect(parts.provider.sent.map((m) => m.idempotencyKey)).toEqual(['k2']);
  });

  it('answers false when the channel has no parked send', async () => {
    expect(await probeChannel.execute({ workspaceId: 'dev', channel: 'other' })).toBe(false);
  });
});
