import { id, isoTimestamp, JourneyRef, journeyRef, TopicContract, userKey } from '../common.schema';
import { TOPICS } from '../topics';

export type MessageCategory = 'promotional' | 'transactional';

/** A journey asks messaging to send one message. idempotencyKey is unique per (run, step, occurrence). */
export interface MessageRequest {
  v: 1;
  workspaceId: string;
  userId: string;
  idempotencyKey: string;
  journey?: JourneyRef;
  channel: string;
  template: string;
  category: MessageCategory;
  /** Template context: user traits, the entry event, journey info, coupon. */
  context: Record<string, unknown>;
  /** Where the message goes instead when the channel's provider answers that the recipient cannot receive it (AlimTalk → SMS/LMS). */
  fallback?: { channel: string; template: string };
  requestedAt: string;
  /**
   * When the user id had been erased before the run that asks began (`DELETE /v1/users/:userId`), the time of
   * that erasure: the run belongs to the new person. Absent for an id never erased. Messaging drops a request
   * for an erased id whose `personSince` is older than the erasure (it was made for the erased person).
   */
  personSince?: string;
  /**
   * A test send (`POST /v1/journeys/:id/test-send`): messaging skips the
   * frequency caps and quiet hours (consent and the compliance preset still
   * hold), does not count it against later caps, and marks it `test` in the
   * delivery log. Absent means false.
   */
  test?: boolean;
}

export const messageRequestContract: TopicContract<MessageRequest> = {
  topic: TOPICS.messageRequests,
  version: 1,
  description: 'Send requests from journeys to messaging.',
  key: userKey,
  value: {
    type: 'object',
    required: ['v', 'workspaceId', 'userId', 'idempotencyKey', 'channel', 'template', 'category', 'context', 'requestedAt'],
    properties: {
      v: { const: 1 },
      workspaceId: id,
      userId: id,
      idempotencyKey: id,
      journey: journeyRef,
      channel: id,
      template: id,
      category: { enum: ['promotional', 'transactional'] },
      context: { type: 'object' },
      fallback: { type: 'object', required: ['channel', 'template'], properties: { channel: id, template: id } },
      requestedAt: isoTimestamp,
      personSince: isoTimestamp,
      test: { type: 'boolean', description: 'A test send: no frequency caps or quiet hours, not counted, marked in the delivery log' },
    },
  },
  example: {
    v: 1,
    workspaceId: 'shop',
    userId: 'u-1',
    idempotencyKey: 'run-1:remind:1',
    journey: { key: 'cart-abandonment', version: 3, runId: 'run-1', step: 'remind' },
    channel: 'kakao',
    template: 'cart-reminder',
    category: 'promotional',
    context: { user: { name: '민지' }, entry: { properties: { name: '린넨 셔츠' } } },
    requestedAt: '2026-11-02T11:00:00.000Z',
  },
};
