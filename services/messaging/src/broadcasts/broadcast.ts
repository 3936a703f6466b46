import { BroadcastDefinition, MessageCategory } from '@cairn/messaging-domain';

export type BroadcastStatus = 'scheduled' | 'sending' | 'completed' | 'cancelled' | 'failed';

/** A broadcast as stored: its definition and where it stands. */
export interface Broadcast {
  id: string;
  workspaceId: string;
  key: string;
  segment: string;
  channel: string;
  template: string;
  category: MessageCategory;
  ratePerMinute: number | null;
  holdout: number;
  sendAt: Date;
  status: BroadcastStatus;
  reason: string | null;
  /** The last member read from segments (paging resumes after it). */
  cursor: string | null;
  /** Every member at send time has a target row. */
  targetingDone: boolean;
  /** Counts the steps applied: a step prepared for one value is applied only while it holds. */
  step: number;
  nextRunAt: Date;
  startedAt: Date | null;
  endedAt: Date | null;
  createdAt: Date;
}

export interface BroadcastRow {
  id: string;
  workspace_id: string;
  key: string;
  segment: string;
  channel: string;
  template: string;
  category: MessageCategory;
  rate_per_minute: number | null;
  holdout: number;
  send_at: Date;
  status: BroadcastStatus;
  reason: string | null;
  cursor: string | null;
  targeting_done: boolean;
  step: number;
  next_run_at: Date;
  started_at: Date | null;
  ended_at: Date | null;
  created_at: Date;
}

export function toBroadcast(r: BroadcastRow): Broadcast {
  return {
    id: r.id,
    workspaceId: r.workspace_id,
    key: r.key,
    segment: r.segment,
    channel: r.channel,
    template: r.template,
    category: r.category,
    ratePerMinute: r.rate_per_minute,
    holdout: r.holdout,
    sendAt: r.send_at,
    status: r.status,
    reason: r.reason,
    cursor: r.cursor,
    targetingDone: r.targeting_done,
    step: r.step,
    nextRunAt: r.next_run_at,
    startedAt: r.started_at,
    endedAt: r.ended_at,
    createdAt: r.created_at,
  };
}

/** A new broadcast: its definition, when it starts. */
export type NewBroadcast = BroadcastDefinition & { sendAt: Date };

/** The idempotency key of a broadcast's message to one member: exactly one per member. */
export function broadcastMessageKey(broadcastId: string, userId: string): string {
  return `broadcast:${broadcastId}:${userId}`;
}
