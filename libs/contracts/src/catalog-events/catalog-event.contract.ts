import { id, isoTimestamp, jsonObject, TopicContract } from '../common.schema';
import { TOPICS } from '../topics';

/** An event about an item rather than a person (restocks, price drops). */
export interface CatalogEvent {
  v: 1;
  workspaceId: string;
  messageId: string;
  event: string;
  itemId: string;
  properties?: Record<string, unknown>;
  timestamp: string;
  receivedAt: string;
}

export const catalogEventContract: TopicContract<CatalogEvent> = {
  topic: TOPICS.catalogEvents,
  version: 1,
  description: 'Catalog events such as Product Restocked and Price Dropped.',
  key: { description: '<workspaceId>:<itemId>', schema: { type: 'string', pattern: '^[^:]+:.+$' } },
  value: {
    type: 'object',
    required: ['v', 'workspaceId', 'messageId', 'event', 'itemId', 'timestamp', 'receivedAt'],
    properties: {
      v: { const: 1 },
      workspaceId: id,
      messageId: id,
      event: { type: 'string', minLength: 1, maxLength: 256 },
      itemId: id,
      properties: jsonObject,
      timestamp: isoTimestamp,
      receivedAt: isoTimestamp,
    },
  },
  example: {
    v: 1,
    workspaceId: 'shop',
    messageId: 'c-1',
    event: 'Product Restocked',
    itemId: 'P-100',
    properties: { stock: 40 },
    timestamp: '2026-11-02T10:00:00.000Z',
    receivedAt: '2026-11-02T10:00:00.050Z',
  },
};
