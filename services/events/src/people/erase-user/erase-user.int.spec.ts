import { TOPICS, UserErasure } from '@cairn/contracts';
import { ErasureLedger } from '@cairn/db';
import { IngestCatalogEventsUseCase } from '../../catalog/ingest-catalog-events/ingest-catalog-events.usecase';
import { IngestEventsUseCase } from '../../ingest/ingest-events/ingest-events.usecase';
import { EventsParts } from '../../testing/events-parts';
import { EraseUserUseCase } from './erase-user.usecase';

describe('EraseUserUseCase', () => {
  let parts: EventsParts;
  let ingest: IngestEventsUseCase;
  let erase: EraseUserUseCase;

  beforeAll(async () => {
    parts = await EventsParts.start();
    ingest = new IngestEventsUseCase(parts.clock, parts.logger, parts.outbox, parts.limiter, parts.acceptance);
    erase = new EraseUserUseCase(parts.dataSource, parts.clock, parts.outbox);
  });

  afterAll(() => parts?.stop());

  const erasure = (workspaceId: string, erasureId: string, ids: string[], suppress = false): UserErasure => ({
    v: 1,
    workspaceId,
    erasureId,
    userId: ids[0],
    ids,
    requestedAt: parts.clock.now().toISOString(),
    suppress,
  });
  const track = (userId: string, messageId: string) => ({ type: 'track' as const, userId, event: 'Product Viewed', messageId });
  const ledger = (workspaceId: string, id: string) => new ErasureLedger(parts.dataSource.manager, 'events').find(workspaceId, id);

  it("removes the person's pending and parked events under every id, records the erasure, and leaves everyone else's", async () => {
    await ingest.execute({
      workspace: parts.dev,
      events: [track('mina', 'm-1'), { type: 'page', anonymousId: 'anon-mina', messageId: 'm-2' }, track('other', 'm-3')],
    });
    await ingest.execute({ workspace: parts.dev, events: [track('parked-mina', 'm-4')] });
    await parts.park('dev:parked-mina');
    await ingest.execute({ workspace: parts.shopB, events: [track('mina', 'b-1')] });
    const requestedAt = parts.clock.now();
    const request = erasure('dev', 'e-1', ['mina', 'anon-mina', 'parked-mina']);

    parts.clock.advance(1_000);
    await erase.execute({ erasures: [request] });

    expect((await parts.pending()).map((m) => m.key)).toEqual(['dev:other', 'shop-b:mina']);
    expect(await parts.parked()).toEqual([]);
    expect(await ledger('dev', 'anon-mina')).toEqual({
      erasureId: 'e-1',
      erasedAt: requestedAt.getTime(),
      suppress: false,
      completedAt: requestedAt.getTime() + 1_000,
    });
    expect(await ledger('dev', 'other')).toBeUndefined();
    expect(await ledger('shop-b', 'mina')).toBeUndefined();
  });

  it('does not publish again a resent event of the erased person within the dedupe horizon', async () => {
    expect(await ingest.execute({ workspace: parts.dev, events: [track('mina', 'm-1')] })).toEqual({ accepted: 1, published: 0 });
    expect((await parts.pending()).filter((m) => m.key === 'dev:mina')).toEqual([]);
  });

  it('handles a redelivered erasure once, and each erasure of a batch in its own workspace', async () => {
    const first = await ledger('dev', 'mina');
    parts.clock.advance(60_000);
    await ingest.execute({ workspace: parts.dev, events: [track('mina', 'm-5')] });
    await erase.execute({ erasures: [erasure('dev', 'e-1', ['mina']), erasure('shop-b', 'e-2', ['mina'], true)] });

    // e-1 was handled before: mina's new event stays and her record keeps its first completion.
    expect((await parts.pending()).map((m) => [m.key, m.value.messageId])).toEqual([
      ['dev:other', 'm-3'],
      ['dev:mina', 'm-5'],
    ]);
    expect(await ledger('dev', 'mina')).toEqual(first);
    expect(await ledger('shop-b', 'mina')).toMatchObject({ erasureId: 'e-2', suppress: true, completedAt: parts.clock.now().getTime() });
  });

  it('leaves an item’s catalog events alone when a person with the same id is erased', async () => {
    const catalog = new IngestCatalogEventsUseCase(parts.clock, parts.outbox, parts.limiter, parts.acceptance);
    await catalog.execute({ workspace: parts.dev, events: [{ event: 'Product Restocked', itemId: 'P-100', messageId: 'c-1' }] });
    await catalog.execute({ workspace: parts.dev, events: [{ event: 'Price Dropped', itemId: 'P-100', messageId: 'c-2' }] });
    await parts.park('dev:P-100');
    await catalog.execute({ workspace: parts.dev, events: [{ event: 'Product Restocked', itemId: 'P-100', messageId: 'c-3' }] });
    await ingest.execute({ workspace: parts.dev, events: [track('P-100', 'p-1')] });

    await erase.execute({ erasures: [erasure('dev', 'e-item', ['P-100'])] });

    expect((await parts.pending()).filter((m) => m.key === 'dev:P-100').map((m) => [m.topic, (m.value as { messageId: string }).messageId])).toEqual([
      [TOPICS.catalogEvents, 'c-3'],
    ]);
    expect((await parts.parked()).filter((k) => k === 'dev:P-100')).toHaveLength(2);
  });
});
