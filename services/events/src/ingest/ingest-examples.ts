/** OpenAPI examples for the ingest endpoints (Segment HTTP Tracking API shapes). */
export const INGEST_EXAMPLES = {
  track: {
    userId: 'u-1',
    event: 'Product Viewed',
    properties: { productId: 'P-100', price: 39000 },
    timestamp: '2026-11-02T10:00:00.000Z',
    sentAt: '2026-11-02T10:00:01.000Z',
    messageId: 'm-1',
  },
  identify: {
    userId: 'u-1',
    anonymousId: 'anon-7f3a',
    traits: { name: '김민지', tier: 'gold', timezone: 'Asia/Seoul' },
    messageId: 'm-2',
  },
  page: { anonymousId: 'anon-7f3a', name: 'Product', properties: { path: '/products/P-100' }, messageId: 'm-3' },
  screen: { userId: 'u-1', name: 'Cart', properties: { items: 2 }, messageId: 'm-4' },
  alias: { previousId: 'anon-7f3a', userId: 'u-1', messageId: 'm-5' },
  group: { userId: 'u-1', groupId: 'acme', traits: { plan: 'enterprise' }, messageId: 'm-9' },
  batch: {
    batch: [
      { type: 'page', anonymousId: 'anon-7f3a', name: 'Home', messageId: 'm-6', timestamp: '2026-11-02T09:59:00.000Z' },
      { type: 'identify', anonymousId: 'anon-7f3a', userId: 'u-1', traits: { tier: 'gold' }, messageId: 'm-7' },
      { type: 'track', userId: 'u-1', event: 'Product Added', properties: { productId: 'P-100', cartId: 'c-9' }, messageId: 'm-8' },
    ],
    sentAt: '2026-11-02T10:00:01.000Z',
    context: { library: { name: 'analytics-node', version: '2.1.0' } },
  },
} as const;
