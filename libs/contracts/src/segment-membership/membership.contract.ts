import { id, isoTimestamp, TopicContract, userKey } from '../common.schema';
import { TOPICS } from '../topics';

export type MembershipCause = 'event' | 'time' | 'backfill' | 'identity';

/** A user entered or left a segment. Exactly one message per change. */
export interface MembershipChange {
  v: 1;
  workspaceId: string;
  userId: string;
  segmentKey: string;
  change: 'entered' | 'exited';
  /** Per-user sequence number; consumers ignore a change whose seq they have seen. */
  seq: number;
  at: string;
  cause: MembershipCause;
  /** The event that caused the change, when one did. */
  causeMessageId?: string;
  /** The user's traits at the time of the change. */
  traits?: Record<string, unknown>;
  /**
   * Set on the exits of an identity merged into another user (cause `identity`): the user it now counts
   * for. Such an exit says the id stopped being a person of its own, not that the person left the segment.
   */
  mergedInto?: string;
}

export const membershipContract: TopicContract<MembershipChange> = {
  topic: TOPICS.segmentMembership,
  version: 1,
  description: 'Segment entries and exits published by the segments service.',
  key: userKey,
  value: {
    type: 'object',
    required: ['v', 'workspaceId', 'userId', 'segmentKey', 'change', 'seq', 'at', 'cause'],
    properties: {
      v: { const: 1 },
      workspaceId: id,
      userId: id,
      segmentKey: id,
      change: { enum: ['entered', 'exited'] },
      seq: { type: 'integer', minimum: 1 },
      at: isoTimestamp,
      cause: { enum: ['event', 'time', 'backfill', 'identity'] },
      causeMessageId: id,
      traits: { type: 'object' },
      mergedInto: id,
    },
  },
  example: {
    v: 1,
    workspaceId: 'shop',
    userId: 'u-1',
    segmentKey: 'dormant',
    change: 'entered',
    seq: 7,
    at: '2026-11-02T10:00:00.000Z',
    cause: 'time',
  },
};
