import { id, isoTimestamp, JourneyRef, journeyRef, TopicContract, userKey } from '../common.schema';
import { TOPICS } from '../topics';

/** What a provider's delivery receipt says of a sent message. */
export type ReceiptStatus = 'DELIVERED' | 'BOUNCED' | 'OPENED' | 'CLICKED' | 'COMPLAINED';
export const RECEIPT_STATUSES: readonly ReceiptStatus[] = ['DELIVERED', 'BOUNCED', 'OPENED', 'CLICKED', 'COMPLAINED'];

export type MessageStatus = 'PENDING' | 'SENDING' | 'SENT' | 'FAILED' | 'SUPPRESSED' | 'DEFERRED' | ReceiptStatus;

/**
 * What became of a message request: its decision and delivery (SENT, FAILED,
 * SUPPRESSED, DEFERRED), then what the provider's receipts say of a sent one
 * (DELIVERED, BOUNCED, OPENED, CLICKED, COMPLAINED, each with its time in `at`).
 */
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
  /** BOUNCED: whether the address is gone for good (`hard`) or only for now (`soft`). */
  bounce?: 'hard' | 'soft';
  /** The primary channel could not reach the recipient and the message went through its fallback channel. */
  fallback?: { channel: string; status: 'SENT' | 'FAILED'; reason?: string };
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
      status: { enum: ['SENT', 'FAILED', 'SUPPRESSED', 'DEFERRED', ...RECEIPT_STATUSES] },
      reason: { type: 'string', maxLength: 256 },
      deferredUntil: isoTimestamp,
      bounce: { enum: ['hard', 'soft'] },
      fallback: {
        type: 'object',
        required: ['channel', 'status'],
        properties: { channel: id, status: { enum: ['SENT', 'FAILED'] }, reason: { type: 'string', maxLength: 256 } },
      },
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
