import { inCatalogAudience, itemIds, itemInterestRows, mergeItemInterest } from './catalog-audience';

const audience = { event: 'Product Added', matchItem: 'productId', within: '30d', notFollowedBy: 'Order Completed' };
const DAY = 86_400_000;
const AT = Date.UTC(2026, 2, 31);

describe('catalog audiences', () => {
  it('reads the item at matchItem and in each line of a products array', () => {
    expect(itemIds({ productId: 'P-1', products: [{ productId: 'P-2' }, { productId: 3 }, {}] }, 'productId')).toEqual(['P-1', 'P-2', '3']);
  });

  it('folds interests and orders per item and user, keeping the latest of each', () => {
    const rows = itemInterestRows(
      [
        { userId: 'u1', event: { name: 'Product Added', properties: { productId: 'P-1' }, at: 10 } },
        { userId: 'u1', event: { name: 'Product Added', properties: { productId: 'P-1' }, at: 20 } },
        { userId: 'u1', event: { name: 'Order Completed', properties: { products: [{ productId: 'P-1' }] }, at: 30 } },
        { userId: 'u2', event: { name: 'Product Viewed', properties: { productId: 'P-1' }, at: 40 } },
      ],
      [audience],
    );
    expect(rows).toEqual([{ itemId: 'P-1', userId: 'u1', interestedAt: 20, orderedAt: 30 }]);
    expect(mergeItemInterest(rows[0], { itemId: 'P-1', userId: 'u1', interestedAt: 15, orderedAt: null })).toEqual(rows[0]);
  });

  it('takes an interest within [at - within, at], not followed by an order, not already notified', () => {
    const interest = (interestedAt: number, orderedAt: number | null = null) => ({ itemId: 'P-1', userId: 'u1', interestedAt, orderedAt });
    expect(inCatalogAudience(interest(AT - 30 * DAY), audience, AT)).toBe(true);
    expect(inCatalogAudience(interest(AT - 30 * DAY - 1), audience, AT)).toBe(false);
    expect(inCatalogAudience(interest(AT + 1), audience, AT)).toBe(false);
    expect(inCatalogAudience(interest(AT - DAY, AT - DAY), audience, AT)).toBe(false);
    expect(inCatalogAudience(interest(AT - DAY, AT - 2 * DAY), audience, AT)).toBe(true);
    expect(inCatalogAudience(interest(AT - DAY), audience, AT, AT - DAY)).toBe(false);
    expect(inCatalogAudience(interest(AT - DAY), audience, AT, AT - 2 * DAY)).toBe(true);
    expect(inCatalogAudience(interest(AT - DAY, AT), { ...audience, notFollowedBy: undefined }, AT)).toBe(true);
  });
});
