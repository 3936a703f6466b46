/** Example bodies shown in the OpenAPI document. */
export const FLAGSHIP_EXAMPLE = {
  key: 'flagship-hot',
  name: 'Viewed the flagship 3-5 times this week and did not order',
  condition: {
    all: [
      { event: 'Product Viewed', where: { productId: 'P-100' }, count: { min: 3, max: 5 }, within: '7d' },
      { not: { event: 'Order Completed', within: '7d' } },
    ],
  },
};

export const DORMANT_EXAMPLE = {
  key: 'dormant',
  name: 'Ordered before, silent for 30 days',
  condition: {
    all: [
      { event: 'Order Completed', lastAt: { olderThan: '30d' } },
      { event: 'Signed In', count: { max: 0 }, within: '30d' },
    ],
  },
};

export const SEGMENT_BODY_SCHEMA = {
  type: 'object',
  required: ['key', 'name', 'condition'],
  properties: {
    key: { type: 'string', description: 'Lower-case slug, unique in the workspace; cannot change.' },
    name: { type: 'string' },
    description: { type: 'string' },
    condition: {
      type: 'object',
      description:
        'all / any / not over trait conditions ({trait, op, value}), event conditions ({event, where, count:{min,max}, within}), recency ({event, lastAt:{olderThan|newerThan}}) and segment references ({segment}).',
    },
  },
};
