import { TOPICS } from '@cairn/contracts';
import { IngestCatalogEventsUseCase } from '../../catalog/ingest-catalog-events/ingest-catalog-events.usecase';
import { IngestEventsUseCase } from '../../ingest/ingest-events/ingest-events.usecase';
import { EventsParts } from '../../testing/events-parts';
import { ExportUserUseCase } from './export-user.usecase';

describe('ExportUserUseCase', () => {
  let parts: EventsParts;
  let ingest: IngestEventsUseCase;
  let exportUser: ExportUserUseCase;

  beforeAll(async () => {
    parts = await EventsParts.start();
    ingest = new IngestEventsUseCase(parts.clock, parts.logger, parts.outbox, parts.limiter, parts.acceptance);
    exportUser = new ExportUserUseCase(parts.dataSource);
    await ingest.execute({
      workspace: parts.dev,
      events: [
        { type: 'track', userId: 'mina', event: 'Product Viewed', messageId: 'm-1' },
        { type: 'page', anonymousId: 'anon-mina', name: 'Home', messageId: 'm-2' },
        { type: 'track', userId: 'other', event: 'Product Viewed', messageId: 'm-3' },
        { type: 'identify', userId: 'mina', traits: { tier: 'gold' }, messageId: 'm-4' },
      ],
    });
    await ingest.execute({ workspace: parts.shopB, events: [{ type: 'track', userId: 'mina', event: 'Elsewhere', messageId: 'b-1' }] });
  });

  afterAll(() => parts?.stop());

  it('answers the events accepted and not yet published under the ids asked about, oldest first, as they would be published', async () => {
    const answer = await exportUser.execute({ workspaceId: 'dev', ids: ['mina'] });
    expect(answer).toEqual({ service: 'events', ids: ['mina'], pendingEvents: [expect.any(Object), expect.any(Object)] });
    expect(answer.pendingEvents).toEqual((await parts.pending(TOPICS.events)).filter((m) => m.key === 'dev:mina').map((m) => m.value));
    expect(answer.pendingEvents).toMatchObject([
      { workspaceId: 'dev', messageId: 'm-1', userId: 'mina', event: 'Product Viewed', receivedAt: '2026-11-02T10:00:00.000Z' },
      { workspaceId: 'dev', messageId: 'm-4', type: 'identify', traits: { tier: 'gold' } },
    ]);
    const both = await exportUser.execute({ workspaceId: 'dev', ids: ['mina', 'anon-mina'] });
    expect(both.pendingEvents.map((e) => (e as { messageId: string }).messageId)).toEqual(['m-1', 'm-2', 'm-4']);
  });

  it("answers only the caller's workspace, and nothing for an id it holds nothing of", async () => {
    expect((await exportUser.execute({ workspaceId: 'shop-b', ids: ['mina'] })).pendingEvents).toMatchObject([{ workspaceId: 'shop-b', messageId: 'b-1' }]);
    expect(await exportUser.execute({ workspaceId: 'dev', ids: ['nobody'] })).toEqual({ service: 'events', ids: ['nobody'], pendingEvents: [] });
    expect(await exportUser.execute({ workspaceId: 'elsewhere', ids: ['mina'] })).toEqual({ service: 'events', ids: ['mina'], pendingEvents: [] });
  });

  it('answers the events parked out of the outbox as well, and never an item’s catalog event whose id is the same', async () => {
    const catalog = new IngestCatalogEventsUseCase(parts.clock, parts.outbox, parts.limiter, parts.acceptance);
    await ingest.execute({ workspace: parts.dev, events: [{ type: 'track', userId: 'P-100', event: 'Product Viewed', messageId: 'p-1' }] });
    await parts.park('dev:P-100');
    await ingest.execute({ workspace: parts.dev, events: [{ type: 'track', userId: 'P-100', event: 'Product Added', messageId: 'p-2' }] });
    await catalog.execute({ workspace: parts.dev, events: [{ event: 'Product Restocked', itemId: 'P-100', messageId: 'c-1' }] });
    const answer = await exportUser.execute({ workspaceId: 'dev', ids: ['P-100'] });
    expect(answer.pendingEvents.map((e) => (e as { messageId: string }).messageId)).toEqual(['p-1', 'p-2']);
  });
});
