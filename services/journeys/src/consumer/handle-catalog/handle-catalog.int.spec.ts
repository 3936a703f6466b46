import { DAY, JourneysParts, MINUTE, OTHER, sendStep } from '../../testing/journeys-parts';
import { HandleCatalogUseCase } from './handle-catalog.usecase';

const restock = {
  key: 'restock',
  name: 'Restock notice',
  entry: {
    catalogEvent: 'Product Restocked',
    audience: { event: 'Product Added', matchItem: 'productId', within: '30d', notFollowedBy: 'Order Completed' },
  },
  reentry: { mode: 'always' },
  start: 'notify',
  steps: { notify: sendStep('restock-notice') },
};

describe('HandleCatalogUseCase', () => {
  let parts: JourneysParts;
  let handle: HandleCatalogUseCase;

  beforeAll(async () => {
    parts = await JourneysParts.start();
    handle = parts.handleCatalog;
    await parts.journey(restock);
    await parts.journey(restock, OTHER.id);
  });

  afterAll(() => parts?.stop());

  it('enters the users interested in the item within the window who have not ordered it, once per interest', async () => {
    const longAgo = new Date(parts.clock.now().getTime() - 31 * DAY);
    await parts.events([
      parts.track('u-want', 'Product Added', { productId: 'P-1' }),
      parts.track('u-bought', 'Product Added', { productId: 'P-1' }),
      parts.track('u-bought', 'Order Completed', { orderId: 'o1', products: [{ productId: 'P-1', quantity: 1 }] }),
      parts.track('u-other-item', 'Product Added', { productId: 'P-2' }),
      parts.track('u-stale', 'Product Added', { productId: 'P-1' }, { at: longAgo }),
    ]);
    parts.clock.advance(MINUTE);
    const restocked = parts.catalogEvent('Product Restocked', 'P-1', { name: 'Linen shirt' });
    await handle.execute({ events: [restocked, restocked] });
    parts.clock.advance(MINUTE);
    await handle.execute({ events: [parts.catalogEvent('Product Restocked', 'P-1')] });

    expect(await parts.sentTo('restock-notice')).toEqual(['u-want']);
    const [notice] = await parts.requests('dev');
    expect(notice.context.entry).toMatchObject({ kind: 'catalog', event: 'Product Restocked', properties: { itemId: 'P-1', name: 'Linen shirt' } });
  });

  it('keeps workspaces apart: a catalog event reaches only its workspace’s interested users', async () => {
    await parts.events([parts.track('u-theirs', 'Product Added', { productId: 'P-9' }, { workspaceId: OTHER.id })]);
    await parts.events([parts.track('u-mine', 'Product Added', { productId: 'P-9' })]);
    parts.clock.advance(MINUTE);
    await handle.execute({ events: [parts.catalogEvent('Product Restocked', 'P-9', {}, OTHER.id)] });
    expect(await parts.sentTo('restock-notice', OTHER.id)).toEqual(['u-theirs']);
    expect(await parts.sentTo('restock-notice')).toEqual(['u-want']);
  });
});
