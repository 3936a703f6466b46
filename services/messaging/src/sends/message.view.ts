import { SendIntent } from '../messages/intent';
import { MessageEntry, toEntry } from '../messages/list-messages/list-messages.usecase';

/** One message as `GET /v1/messages/:id` answers it: its delivery log entry, what receipts said of it and its fallback. */
export interface MessageView extends MessageEntry {
  /** The broadcast it belongs to, if any. */
  broadcastId: string | null;
  deliveredAt: string | null;
  openedAt: string | null;
  clickedAt: string | null;
  bouncedAt: string | null;
  /** `hard` or `soft`, for a bounced message. */
  bounce: string | null;
  complainedAt: string | null;
  /** The fallback it names, and once the primary channel could not reach the recipient, what became of it. */
  fallback: SendIntent['fallback'];
}

const iso = (d: Date | null) => d?.toISOString() ?? null;

export function messageView(intent: SendIntent): MessageView {
  return {
    ...toEntry(intent),
    broadcastId: intent.broadcastId,
    deliveredAt: iso(intent.deliveredAt),
    openedAt: iso(intent.openedAt),
    clickedAt: iso(intent.clickedAt),
    bouncedAt: iso(intent.bouncedAt),
    bounce: intent.bounce,
    complainedAt: iso(intent.complainedAt),
    fallback: intent.fallback,
  };
}
