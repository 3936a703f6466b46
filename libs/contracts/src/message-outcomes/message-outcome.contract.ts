import { id, isoTimestamp, JourneyRef, journeyRef, TopicContract, userKey } from '../common.schema';
import { TOPICS } from '../topics';

export type MessageStatus = 'PENDING' | 'SENDING' | 'SENT' | 'FAILED' | 'SUPPRESSED' | 'DEFERRED';

/** What became of a message request. */
export interface MessageOutcome {
  v: 1;
  workspaceId: string;
  userId: string;
  idempotencyKey: string;
  journey?: JourneyRef;
  channel: string;
  status: Exclude<MessageStatus, 'PENDING' | 'SENDING'>;
  reason?: string;
  deferredUntil?: string;
  at: string;
}

export const messageOutcomeContract: TopicContract<MessageOutcome> = {
  topic: TOPICS.messageOutcomes,
  version: 1,
  description: 'Outcomes of message requests, for journeys and stats.',
  key: userKey,
  value: {
    type: 'object',
    required: ['v', 'workspaceId', 'userId', 'idempotencyKey', 'channel', 'status', 'at'],
    properties: {
      v: { const: 1 },
      workspaceId: id,
      userId: id,
      idempotencyKey: id,
      journey: journeyRef,
      channel: id,
      status: { enum: ['SENT', 'FAILED', 'SUPPRESSED', 'DEFERRED'] },
      reason: { type: 'string', maxLength: 256 },
      deferredUntil: isoTimestamp,
      at: isoTimestamp,
    },
  },
  example: {
    v: 1,
    workspaceId: 'shop',
    userId: 'u-1',
    idempotencyKey: 'run-1:remind:1',
    channel: 'kakao',
    status: 'SUPPRESSED',
    reason: 'frequency_cap',
    at: '2026-11-02T11:00:00.300Z',
  },
};
