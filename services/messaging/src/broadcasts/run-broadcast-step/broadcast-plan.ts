import { MessageRequest } from '@cairn/contracts';
import { Member } from '../../audience/segments-client';
import { Prepared } from '../../sending/prepare-content';

/**
 * What one step of a broadcast does, prepared outside any transaction (the
 * segments call, the renders) and applied in one while the broadcast is
 * still at the step it was prepared for.
 */
export type BroadcastPlan =
  /** The next page of the segment's members: their target rows; `next` null after the last. */
  | { kind: 'page'; members: Member[]; next: string | null }
  /** The next members' messages, rendered. */
  | { kind: 'send'; requests: MessageRequest[]; prepared: Prepared[] }
  /** Every member has been requested. */
  | { kind: 'complete' }
  /** It cannot go on (the segment is gone). */
  | { kind: 'fail'; reason: string }
  /** Preparing failed for a reason that may pass (segments away): the step is tried again later. */
  | { kind: 'error'; error: unknown };
