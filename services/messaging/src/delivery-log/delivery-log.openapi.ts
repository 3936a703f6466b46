/** OpenAPI schemas of the console's delivery-log reads (send series, filtered log pages). */
const STATUS_NAMES = ['PENDING', 'SENDING', 'SENT', 'FAILED', 'SUPPRESSED', 'DEFERRED'];
/** A log entry's status: the series' (where a receipt's status counts as SENT), or what a delivery receipt moved the message to. */
const ENTRY_STATUSES = [...STATUS_NAMES, 'DELIVERED', 'BOUNCED', 'OPENED', 'CLICKED', 'COMPLAINED'];
const counts = (description: string) => ({
  type: 'object',
  description,
  properties: Object.fromEntries(STATUS_NAMES.map((s) => [s, { type: 'integer' }])),
});

export const SEND_SERIES_SCHEMA = {
  type: 'object',
  properties: {
    from: { type: 'string', format: 'date-time', description: 'Start of the first bucket' },
    to: { type: 'string', format: 'date-time', description: 'When the series was read (the end of the last bucket so far)' },
    bucket: { type: 'string', description: 'Bucket length, e.g. 1h' },
    points: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          at: { type: 'string', format: 'date-time', description: 'Start of the bucket' },
          counts: counts('Send intents created in the bucket, by current status'),
        },
      },
    },
    totals: counts('Over the whole window'),
    byJourney: {
      type: 'object',
      description: "Over the whole window, per journey key ('' for sends without a journey)",
      additionalProperties: counts('By status'),
    },
  },
  example: {
    from: '2026-01-05T10:00:00.000Z',
    to: '2026-01-06T10:12:00.000Z',
    bucket: '1h',
    points: [{ at: '2026-01-05T10:00:00.000Z', counts: { PENDING: 0, SENDING: 0, SENT: 12, FAILED: 0, SUPPRESSED: 3, DEFERRED: 1 } }],
    totals: { PENDING: 0, SENDING: 0, SENT: 240, FAILED: 1, SUPPRESSED: 31, DEFERRED: 4 },
    byJourney: { 'cart-abandonment': { PENDING: 0, SENDING: 0, SENT: 200, FAILED: 1, SUPPRESSED: 30, DEFERRED: 4 } },
  },
};

export const MESSAGES_PAGE_SCHEMA = {
  type: 'object',
  properties: {
    messages: {
      type: 'array',
      description: 'Newest first; each entry as in GET /v1/messages',
      items: {
        type: 'object',
        properties: {
          id: { type: 'string' },
          userId: { type: 'string' },
          idempotencyKey: { type: 'string' },
          journey: { type: 'string', nullable: true },
          journeyVersion: { type: 'integer', nullable: true },
          runId: { type: 'string', nullable: true },
          step: { type: 'string', nullable: true },
          channel: { type: 'string' },
          template: { type: 'string' },
          category: { type: 'string', enum: ['promotional', 'transactional'] },
          status: { type: 'string', enum: ENTRY_STATUSES },
          reason: { type: 'string', nullable: true },
          content: { type: 'object', nullable: true, description: 'The rendered content' },
          createdAt: { type: 'string', format: 'date-time' },
          sentAt: { type: 'string', format: 'date-time', nullable: true },
          deferredUntil: { type: 'string', format: 'date-time', nullable: true },
        },
      },
    },
    next: { type: 'string', nullable: true, description: 'Pass as `before` for the next page; null on the last page' },
  },
};
