import { TOPICS } from '@cairn/contracts';
import { IngestEventsUseCase } from '../../ingest/ingest-events/ingest-events.usecase';
import { EventsParts } from '../../testing/events-parts';
import { CatalogEventDto } from '../catalog-event.dto';
import { IngestCatalogEventsUseCase } from './ingest-catalog-events.usecase';

describe('IngestCatalogEventsUseCase', () => {
  let parts: EventsParts;
  let ingest: IngestCatalogEventsUseCase;

  beforeAll(async () => {
    parts = await EventsParts.start();
    ingest = new IngestCatalogEventsUseCase(parts.clock, parts.outbox, parts.limiter, parts.acceptance);
  });

  afterAll(() => parts?.stop());

  const restocked = (messageId: string | undefined, more: Partial<CatalogEventDto> = {}): CatalogEventDto => ({
    event: 'Product Restocked',
    itemId: 'P-100',
    properties: { stock: 40 },
    ...(messageId !== undefined && { messageId }),
    ...more,
  });

  it('writes the event to the outbox for cairn.catalog-events.v1 keyed by item, once per messageId, and nudges the relay', async () => {
    const nudges = parts.nudges;
    expect(await ingest.execute({ workspace: parts.dev, events: [restocked('c-1', { timestamp: '2026-11-02T09:00:00.000Z' })] })).toEqual({ published: 1 });
    expect(parts.nudges).toBe(nudges + 1);
    expect(await ingest.execute({ workspace: parts.dev, events: [restocked('c-1')] })).toEqual({ published: 0 });
    expect(parts.nudges).toBe(nudges + 1);
    await ingest.execute({ workspace: parts.dev, events: [restocked(undefined, { event: 'Price Dropped', itemId: 'P-7', properties: undefined })] });

    const written = await parts.pending(TOPICS.catalogEvents);
    expect(written.map((m) => m.key)).toEqual(['dev:P-100', 'dev:P-7']);
    expect(written[0].value).toEqual({
      v: 1,
      workspaceId: 'dev',
      messageId: 'c-1',
      event: 'Product Restocked',
      itemId: 'P-100',
      properties: { stock: 40 },
      timestamp: '2026-11-02T09:00:00.000Z',
      receivedAt: '2026-11-02T10:00:00.000Z',
    });
    expect(written[1].value).toEqual(expect.objectContaining({ messageId: expect.stringMatching(/^[0-9a-f-]{36}$/), timestamp: '2026-11-02T10:00:00.000Z' }));
    expect('properties' in written[1].value).toBe(false);
    expect(written[0].headers.traceparent).toEqual(expect.any(String));
  });

  it('keeps its dedupe apart from behaviour events and from other workspaces', async () => {
    const behaviour = new IngestEventsUseCase(parts.clock, parts.logger, parts.outbox, parts.limiter, parts.acceptance);
    expect(await behaviour.execute({ workspace: parts.dev, events: [{ type: 'track', userId: 'u-1', event: 'E', messageId: 'c-1' }] })).toEqual({
      accepted: 1,
      published: 1,
    });
    expect(await ingest.execute({ workspace: parts.shopB, events: [restocked('c-1')] })).toEqual({ published: 1 });
    const copies = (await parts.pending()).filter((m) => m.value.messageId === 'c-1');
    expect(copies.map((m) => [m.topic, m.key, m.value.workspaceId])).toEqual([
      [TOPICS.catalogEvents, 'dev:P-100', 'dev'],
      [TOPICS.events, 'dev:u-1', 'dev'],
      [TOPICS.catalogEvents, 'shop-b:P-100', 'shop-b'],
    ]);
  });

  it('refuses 400 VALIDATION_FAILED naming timestamp when it lies before 2000 once corrected, and 429 RATE_LIMITED past the rate, writing nothing', async () => {
    const before = (await parts.pending()).length;
    const skewed = restocked('c-old', { timestamp: '2026-11-02T10:00:00.000Z', sentAt: '2060-01-01T00:00:00.000Z' });
    await expect(ingest.execute({ workspace: parts.dev, events: [restocked('c-fine'), skewed] })).rejects.toMatchObject({
      status: 400,
      code: 'VALIDATION_FAILED',
      fields: [{ path: 'timestamp', message: expect.stringContaining('2000-01-01') }],
    });

    parts.clock.advance(60_000);
    const five = ['r-1', 'r-2', 'r-3', 'r-4', 'r-5'].map((id) => restocked(id));
    expect(await ingest.execute({ workspace: parts.shopB, events: five })).toEqual({ published: 5 });
    await expect(ingest.execute({ workspace: parts.shopB, events: [restocked('r-late')] })).rejects.toMatchObject({
      status: 429,
      code: 'RATE_LIMITED',
      retryAfterSeconds: 1,
    });
    const written = (await parts.pending()).slice(before).map((m) => m.value.messageId);
    expect(written).toEqual(['r-1', 'r-2', 'r-3', 'r-4', 'r-5']);
  });
});
