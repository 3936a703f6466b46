import { TOPICS } from '@cairn/contracts';
import { EventsParts } from '../../testing/events-parts';
import { TrackingEventDto } from '../tracking-event.dto';
import { IngestEventsUseCase } from './ingest-events.usecase';

describe('IngestEventsUseCase', () => {
  let parts: EventsParts;
  let ingest: IngestEventsUseCase;

  beforeAll(async () => {
    parts = await EventsParts.start();
    ingest = new IngestEventsUseCase(parts.clock, parts.logger, parts.outbox, parts.limiter, parts.acceptance);
  });

  afterAll(() => parts?.stop());

  const track = (userId: string, messageId: string, more: Partial<TrackingEventDto> = {}): TrackingEventDto => ({
    type: 'track',
    userId,
    event: 'Product Viewed',
    messageId,
    ...more,
  });
  const pendingOf = async (messageId: string) => (await parts.pending(TOPICS.events)).filter((m) => m.value.messageId === messageId);

  it('writes the events to the outbox for cairn.events.v1, keyed by user, times corrected by the batch sentAt, and nudges the relay', async () => {
    const nudges = parts.nudges;
    const events: TrackingEventDto[] = [
      track('u-1', 'm-1', { properties: { productId: 'P-100' }, timestamp: '2026-11-02T11:00:00.000Z' }),
      { type: 'identify', userId: 'u-1', anonymousId: 'anon-1', traits: { tier: 'gold' }, messageId: 'm-2' },
      { type: 'page', anonymousId: 'anon-1', name: 'Home', messageId: 'm-3' },
    ];
    expect(await ingest.execute({ workspace: parts.dev, events, sentAt: '2026-11-02T11:00:05.000Z' })).toEqual({ accepted: 3, published: 3 });
    const written = await parts.pending(TOPICS.events);
    expect(written.map((m) => [m.key, m.value.messageId, m.value.type])).toEqual([
      ['dev:u-1', 'm-1', 'track'],
      ['dev:u-1', 'm-2', 'identify'],
      ['dev:anon-1', 'm-3', 'page'],
    ]);
    expect(written[0].value).toEqual({
      v: 1,
      workspaceId: 'dev',
      messageId: 'm-1',
      type: 'track',
      userId: 'u-1',
      event: 'Product Viewed',
      properties: { productId: 'P-100' },
      timestamp: '2026-11-02T09:59:55.000Z',
      receivedAt: '2026-11-02T10:00:00.000Z',
    });
    expect(written[1].value).toMatchObject({ userId: 'u-1', anonymousId: 'anon-1', traits: { tier: 'gold' }, timestamp: '2026-11-02T10:00:00.000Z' });
    expect(written[0].headers.traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]$/);
    expect(parts.nudges).toBe(nudges + 1);
  });

  it('accepts a repeated messageId without writing it again (the first of a batch wins), and generates a missing one', async () => {
    const nudges = parts.nudges;
    expect(await ingest.execute({ workspace: parts.dev, events: [track('u-2', 'm-1')] })).toEqual({ accepted: 1, published: 0 });
    expect(parts.nudges).toBe(nudges);
    expect(await ingest.execute({ workspace: parts.dev, events: [track('u-2', 'dup', { event: 'First' }), track('u-2', 'dup', { event: 'Second' })] })).toEqual(
      {
        accepted: 2,
        published: 1,
      },
    );
    expect((await pendingOf('dup')).map((m) => m.value.event)).toEqual(['First']);
    expect(await pendingOf('m-1')).toHaveLength(1);

    await ingest.execute({ workspace: parts.dev, events: [{ type: 'track', userId: 'u-no-id', event: 'E' }] });
    const generated = (await parts.pending(TOPICS.events)).filter((m) => m.key === 'dev:u-no-id');
    expect(generated.map((m) => m.value.messageId)).toEqual([expect.stringMatching(/^[0-9a-f-]{36}$/)]);
  });

  it("writes into the caller's workspace only: the same messageId of another workspace is a new event there", async () => {
    expect(await ingest.execute({ workspace: parts.shopB, events: [track('u-1', 'm-1')] })).toEqual({ accepted: 1, published: 1 });
    expect((await pendingOf('m-1')).map((m) => [m.key, m.value.workspaceId])).toEqual([
      ['dev:u-1', 'dev'],
      ['shop-b:u-1', 'shop-b'],
    ]);
  });

  it('refuses the whole request 400 VALIDATION_FAILED naming the timestamp at fault, and 429 RATE_LIMITED past the workspace rate, writing nothing', async () => {
    const before = await parts.pending();
    const skewed = track('u-3', 'old', { timestamp: '2026-11-02T10:00:00.000Z', sentAt: '2060-01-01T00:00:00.000Z' });
    await expect(ingest.execute({ workspace: parts.dev, events: [track('u-3', 'fine'), skewed], at: ['batch[0]', 'batch[1]'] })).rejects.toMatchObject({
      status: 400,
      code: 'VALIDATION_FAILED',
      fields: [{ path: 'batch[1].timestamp', message: expect.stringContaining('2000-01-01') }],
    });
    await expect(
      ingest.execute({ workspace: parts.dev, events: [track('u-3', 'early', { originalTimestamp: '1999-12-31T23:59:59.000Z' })] }),
    ).rejects.toMatchObject({ status: 400, code: 'VALIDATION_FAILED', fields: [{ path: 'originalTimestamp' }] });

    parts.clock.advance(60_000);
    const five = Array.from({ length: 5 }, (_, i) => track('u-4', `rl-${i}`));
    expect(await ingest.execute({ workspace: parts.shopB, events: five })).toEqual({ accepted: 5, published: 5 });
    await expect(ingest.execute({ workspace: parts.shopB, events: [track('u-4', 'rl-late')] })).rejects.toMatchObject({
      status: 429,
      code: 'RATE_LIMITED',
      retryAfterSeconds: 1,
    });
    // The other workspace's rate is its own.
    expect(await ingest.execute({ workspace: parts.dev, events: [track('u-4', 'rl-late')] })).toEqual({ accepted: 1, published: 1 });
    const written = (await parts.pending()).slice(before.length).map((m) => m.key + ' ' + m.value.messageId);
    expect(written).toEqual([...five.map((e) => `shop-b:u-4 ${e.messageId}`), 'dev:u-4 rl-late']);
  });
});
