import { MessageOutcome, MessageRequest, MessageStatus } from '@cairn/contracts';
import { ContentChannel, MessageCategory, MessageContent } from '@cairn/messaging-domain';

/** One send intent: a message request and what became of it. */
export interface SendIntent {
  id: string;
  workspaceId: string;
  userId: string;
  idempotencyKey: string;
  journey: MessageRequest['journey'] | null;
  channel: string;
  template: string;
  contentChannel: ContentChannel | null;
  category: MessageCategory;
  context: Record<string, unknown>;
  status: MessageStatus;
  reason: string | null;
  content: MessageContent | null;
  createdAt: Date;
  countedAt: Date | null;
  sentAt: Date | null;
  deferredUntil: Date | null;
  attempts: number;
}

export interface IntentRow {
  id: string;
  workspace_id: string;
  user_id: string;
  idempotency_key: string;
  journey: MessageRequest['journey'] | null;
  channel: string;
  template: string;
  content_channel: ContentChannel | null;
  category: MessageCategory;
  context: Record<string, unknown>;
  status: MessageStatus;
  reason: string | null;
  content: MessageContent | null;
  created_at: Date;
  counted_at: Date | null;
  sent_at: Date | null;
  deferred_until: Date | null;
  attempts: number;
}

export function toIntent(row: IntentRow): SendIntent {
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    userId: row.user_id,
    idempotencyKey: row.idempotency_key,
    journey: row.journey,
    channel: row.channel,
    template: row.template,
    contentChannel: row.content_channel,
    category: row.category,
    context: row.context,
    status: row.status,
    reason: row.reason,
    content: row.content,
    createdAt: row.created_at,
    countedAt: row.counted_at,
    sentAt: row.sent_at,
    deferredUntil: row.deferred_until,
    attempts: row.attempts,
  };
}

/** The outcome message for an intent that reached SENT, FAILED, SUPPRESSED or DEFERRED. */
export function outcomeOf(intent: SendIntent, at: Date): MessageOutcome {
  const outcome: MessageOutcome = {
    v: 1,
    workspaceId: intent.workspaceId,
    userId: intent.userId,
    idempotencyKey: intent.idempotencyKey,
    channel: intent.channel,
    status: intent.status as MessageOutcome['status'],
    at: at.toISOString(),
  };
  if (intent.journey) outcome.journey = intent.journey;
  if (intent.reason) outcome.reason = intent.reason;
  if (intent.status === 'DEFERRED' && intent.deferredUntil) outcome.deferredUntil = intent.deferredUntil.toISOString();
  return outcome;
}
