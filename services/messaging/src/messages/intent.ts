import { MessageOutcome, MessageRequest, MessageStatus } from '@cairn/contracts';
import { ContentChannel, MessageCategory, MessageContent } from '@cairn/messaging-domain';

/**
 * A message's fallback: named by the request, then, once the primary
 * channel's provider answered that the recipient cannot receive it
 * (`trigger`), sent through its own channel (`status`, with the content and,
 * for SMS, the kind the length chose).
 */
export interface IntentFallback {
  channel: string;
  template: string;
  /** Why the primary channel could not deliver (`recipient_unreachable`): the fallback is due. */
  trigger?: string;
  status?: 'SENT' | 'FAILED';
  reason?: string;
  /** SMS or LMS, by the text's length in EUC-KR bytes. */
  kind?: string;
  content?: MessageContent;
  contentChannel?: ContentChannel;
  sentAt?: string;
}

/** A provider's receipts of a sent message: when each happened. */
export interface IntentReceipts {
  deliveredAt: Date | null;
  openedAt: Date | null;
  clickedAt: Date | null;
  bouncedAt: Date | null;
  bounce: 'hard' | 'soft' | null;
  complainedAt: Date | null;
}

/** One send intent: a message request and what became of it. */
export interface SendIntent extends IntentReceipts {
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
  fallback: IntentFallback | null;
  broadcastId: string | null;
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
  delivered_at: Date | null;
  opened_at: Date | null;
  clicked_at: Date | null;
  bounced_at: Date | null;
  bounce: 'hard' | 'soft' | null;
  complained_at: Date | null;
  fallback: IntentFallback | null;
  broadcast_id: string | null;
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
    deliveredAt: row.delivered_at ?? null,
    openedAt: row.opened_at ?? null,
    clickedAt: row.clicked_at ?? null,
    bouncedAt: row.bounced_at ?? null,
    bounce: row.bounce ?? null,
    complainedAt: row.complained_at ?? null,
    fallback: row.fallback ?? null,
    broadcastId: row.broadcast_id ?? null,
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
  if (intent.status === 'BOUNCED' && intent.bounce) outcome.bounce = intent.bounce;
  const fallback = intent.fallback;
  if (fallback?.status) outcome.fallback = { channel: fallback.channel, status: fallback.status, ...(fallback.reason ? { reason: fallback.reason } : {}) };
  return outcome;
}
