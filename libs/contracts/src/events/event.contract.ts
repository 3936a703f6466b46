import { id, isoTimestamp, jsonObject, TopicContract } from '../common.schema';
import { TOPICS } from '../topics';

export type EventType = 'track' | 'identify' | 'page' | 'screen' | 'alias' | 'group';

/** One behaviour event as published on cairn.events.v1. */
export interface BehaviourEvent {
  v: 1;
  workspaceId: string;
  messageId: string;
  type: EventType;
  userId?: string | null;
  anonymousId?: string | null;
  /** track: the event name. */
  event?: string;
  /** page / screen: the page name. */
  name?: string;
  properties?: Record<string, unknown>;
  traits?: Record<string, unknown>;
  context?: Record<string, unknown>;
  /** alias: the id being merged into userId. */
  previousId?: string;
  /** group: the account or company the user belongs to. */
  groupId?: string;
  /** When it happened, skew-corrected (ISO 8601). */
  timestamp: string;
  /** When Cairn accepted it (ISO 8601). */
  receivedAt: string;
}

export const eventContract: TopicContract<BehaviourEvent> = {
  topic: TOPICS.events,
  version: 1,
  description: 'Behaviour events (Segment spec) accepted by the events service or published by other services.',
  key: { description: '<workspaceId>:<userId, or anonymousId when there is no userId>', schema: { type: 'string', pattern: '^[^:]+:.+$' } },
  value: {
    type: 'object',
    required: ['v', 'workspaceId', 'messageId', 'type', 'timestamp', 'receivedAt'],
    properties: {
      v: { const: 1 },
      workspaceId: id,
      messageId: id,
      type: { enum: ['track', 'identify', 'page', 'screen', 'alias', 'group'] },
      userId: { type: ['string', 'null'], maxLength: 256 },
      anonymousId: { type: ['string', 'null'], maxLength: 256 },
      event: { type: 'string', minLength: 1, maxLength: 256 },
      name: { type: 'string', maxLength: 256 },
      properties: jsonObject,
      traits: jsonObject,
      context: jsonObject,
      previousId: id,
      groupId: id,
      timestamp: isoTimestamp,
      receivedAt: isoTimestamp,
    },
    anyOf: [
      { required: ['userId'], properties: { userId: { type: 'string' } } },
      { required: ['anonymousId'], properties: { anonymousId: { type: 'string' } } },
    ],
    allOf: [
      { if: { properties: { type: { const: 'track' } } }, then: { required: ['event'] } },
      { if: { properties: { type: { const: 'alias' } } }, then: { required: ['previousId', 'userId'] } },
    ],
  },
  example: {
    v: 1,
    workspaceId: 'shop',
    messageId: 'm-1',
    type: 'track',
    userId: 'u-1',
    event: 'Product Viewed',
    properties: { productId: 'P-100', price: 39000 },
    timestamp: '2026-11-02T10:00:00.000Z',
    receivedAt: '2026-11-02T10:00:00.120Z',
  },
};
