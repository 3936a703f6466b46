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

/** A condition nobody meets: replacing a segment's condition with it makes every member exit (with messages) before a delete. */
export const NEVER_CONDITION = {
  all: [{ event: 'Signed In', count: { min: 1 } }, { not: { event: 'Signed In', count: { min: 1 } } }],
};

export const DELETE_DESCRIPTION = [
  'Deletes the definition and its memberships in one transaction: as soon as this answers 204, `GET /v1/segments/:id/members` is a 404',
  'and `GET /v1/users/:userId/segments` no longer lists it, on every replica (definition changes wait for in-flight evaluations and',
  'are seen by every later one). Nothing more is published to `cairn.segment-membership.v1` for it, not even exits: the segment is gone,',
  'its members did not leave it. Consumers therefore keep the last state they saw: a journey entered on `{ "segment": key, "on": "exit" }`',
  'never fires for its members, a journey waiting on or branching on `{ "segment": key }` keeps the membership last published (the',
  'journeys service holds its own copy), and a scheduled journey on that segment keeps its last member list. To let journeys see exits,',
  'first replace the condition with one nobody meets (for example `' + JSON.stringify(NEVER_CONDITION) + '`), wait until the segment',
  'answers `backfill: "done"` (every member has exited, with messages), then delete it. A segment created later with the same key is a',
  'new segment: it is backfilled and publishes `entered` for its members, with no exits for the old one.',
].join(' ');
