/**
 * The event properties that name an item: an audience query on one of them
 * (`where: { productId: "P-100" }`) is answered from `segments.item_occurrences`
 * (the migration that creates it lists the same keys).
 */
export const ITEM_PROPERTIES: readonly string[] = ['productId', 'sku', 'itemId', 'variantId'];
const MAX_VALUE_LENGTH = 256;

/** Values compare as text: `productId: 100` and `productId: "100"` name the same item. */
export function itemValue(v: unknown): string | undefined {
  if (typeof v === 'string' && v.length > 0 && v.length <= MAX_VALUE_LENGTH) return v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return undefined;
}
