import { IntentRepository } from '../../messages/intent.repository';
import { MessagingParts, Row } from '../../testing/messaging-parts';
import { ReleaseChannelUseCase } from './release-channel.usecase';

describe('ReleaseChannelUseCase', () => {
  let parts: MessagingParts;
  let releaseChannel: ReleaseChannelUseCase;
  const parkedUntil = new Date('2026-03-02T03:30:00.000Z');

  beforeAll(async () => {
    parts = await MessagingParts.start();
    releaseChannel = new ReleaseChannelUseCase(parts.dataSource, parts.clock);
    const recorded = await parts.record([
      parts.request('u1', 'k1'),
      parts.request('u1', 'k2'),
      parts.request('u1', 'k3', { channel: 'other' }),
      parts.request('u1', 'k4'),
    ]);
    const reserved = [];
    for (const intent of recorded) reserved.push(await parts.decided(intent, { status: 'SENDING', countedAt: parts.clock.now(), retryAt: parkedUntil }));
    // k4 is reserved and in flight, not parked (no reason).
    await new IntentRepository(parts.dataSource.manager).park(
      reserved.slice(0, 3).map((i) => ({ id: i.id, reason: 'circuit_open', retryAt: parkedUntil })),
      parts.clock.now(),
    );
  });

  afterAll(() => parts?.stop());

  it("makes the channel's parked sends due now and answers how many; other channels' and unparked sends keep theirs", async () => {
    parts.clock.advance(1_000);
    expect(await releaseChannel.execute({ workspaceId: 'dev', channel: 'hook' })).toBe(2);
    const retryAt = Object.fromEntries((await parts.intents('u1')).map((r: Row) => [r.idempotency_key, r.retry_at.toISOString()]));
    expect(retryAt).toEqual({ k1: '2026-03-02T03:00:01.000Z', k2: '2026-03-02T03:00:01.000Z', k3: '2026-03-02T03:30:00.000Z', k4: '2026-03-02T03:30:00.000Z' });
    expect(await releaseChannel.execute({ workspaceId: 'other-workspace', channel: 'hook' })).toBe(0);
  });
});
