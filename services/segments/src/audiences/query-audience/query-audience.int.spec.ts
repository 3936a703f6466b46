import { DAY, SegmentsParts } from '../../testing/segments-parts';
import { parseAudienceQuery } from './parse-audience-query';
import { QueryAudienceUseCase } from './query-audience.usecase';

describe('QueryAudienceUseCase', () => {
  let parts: SegmentsParts;
  let queryAudience: QueryAudienceUseCase;
  const query = (body: Record<string, unknown>, workspaceId = 'dev') => queryAudience.execute(parseAudienceQuery(workspaceId, body));
  const RESTOCK = { event: 'Product Added', where: { productId: 'P-200' }, within: '30d', notFollowedBy: 'Order Completed' };

  beforeAll(async () => {
    parts = await SegmentsParts.start();
    queryAudience = new QueryAudienceUseCase(parts.dataSource, parts.clock);
    const now = parts.clock.now().getTime();
    const added = (u: string, productId: string, at = now, workspaceId = 'dev') =>
      parts.track(u, 'Product Added', { productId, price: 39000 }, { at, workspaceId });
    await parts.ingest(added('in-cart', 'P-200', now - 29 * DAY), added('in-cart', 'P-200'));
    await parts.ingest(added('ordered', 'P-200', now - 1000), parts.track('ordered', 'Order Completed'));
    await parts.ingest(parts.track('ordered-before', 'Order Completed', {}, { at: now - 1000 }), added('ordered-before', 'P-200'));
    await parts.ingest(added('other-item', 'P-999'), added('too-old', 'P-200', now - 31 * DAY));
    await parts.ingest(added('acme-user', 'P-200', now, 'acme'));
  });

  afterAll(() => parts?.stop());

  it('answers who did the event with the item within the window and not the other event since, with their latest occurrence', async () => {
    expect(await query(RESTOCK)).toEqual({
      users: [
        { userId: 'in-cart', lastAt: '2026-11-02T10:00:00.000Z' },
        { userId: 'ordered-before', lastAt: '2026-11-02T10:00:00.000Z' },
      ],
      next: null,
    });
    expect((await query({ ...RESTOCK, notFollowedBy: undefined })).users.map((u) => u.userId)).toEqual(['in-cart', 'ordered', 'ordered-before']);
  });

  it('pages in user id order, and answers the same from the stored states for other properties', async () => {
    const first = await query({ ...RESTOCK, limit: 1 });
    expect(first).toEqual({ users: [expect.objectContaining({ userId: 'in-cart' })], next: 'in-cart' });
    const second = await query({ ...RESTOCK, limit: 1, after: first.next });
    expect(second).toEqual({ users: [expect.objectContaining({ userId: 'ordered-before' })], next: null });
    expect(await query({ ...RESTOCK, where: { productId: 'P-200', price: 39000 } })).toEqual(await query(RESTOCK));
  });

  it('answers only the workspace’s users', async () => {
    expect((await query(RESTOCK, 'acme')).users.map((u) => u.userId)).toEqual(['acme-user']);
    expect((await query({ ...RESTOCK, where: { productId: 'P-200', price: 39000 } }, 'acme')).users.map((u) => u.userId)).toEqual(['acme-user']);
    expect((await query({ ...RESTOCK, where: { productId: 'P-999' } })).users.map((u) => u.userId)).toEqual(['other-item']);
    expect((await query({ ...RESTOCK, where: { productId: 'P-999' } }, 'acme')).users).toEqual([]);
  });

  it('refuses a bad query with 400 VALIDATION_FAILED naming every field at fault', () => {
    let error: unknown;
    try {
      parseAudienceQuery('dev', { event: '', where: { productId: { eq: 1 } }, within: 'soon', extra: 1 });
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({
      status: 400,
      code: 'VALIDATION_FAILED',
      fields: [{ path: 'extra' }, { path: 'event' }, { path: 'where.productId' }, { path: 'within' }],
    });
  });
});
