import { MessageStatus } from '@cairn/contracts';
import { Receipt, ReceiptKind, receiptRank } from '@cairn/messaging-domain';
import { IntentReceipts, SendIntent } from '../messages/intent';

/** Statuses a receipt can move on from: a reserved send the provider answered before its result was recorded, or a sent one. */
const MOVABLE: readonly MessageStatus[] = ['SENDING', 'SENT', 'DELIVERED', 'BOUNCED', 'OPENED', 'CLICKED', 'COMPLAINED'];

const TIME_OF: Record<ReceiptKind, keyof IntentReceipts> = {
  DELIVERED: 'deliveredAt',
  BOUNCED: 'bouncedAt',
  OPENED: 'openedAt',
  CLICKED: 'clickedAt',
  COMPLAINED: 'complainedAt',
};

/** What a message's receipts change: its status (forward only), the first time of each kind, and the kinds seen for the first time. */
export interface ReceiptChange {
  intent: SendIntent;
  status: MessageStatus;
  bounce: 'hard' | 'soft' | null;
  times: Partial<Record<keyof IntentReceipts, Date>>;
  /** Each kind this message had not had before, with its receipt: one outcome each. */
  firsts: Receipt[];
}

/**
 * The change these receipts make to a message as it is now (read under its
 * user's lock): a kind already recorded is a repeat and changes nothing; the
 * status moves to the furthest of the current status and the receipts' (a
 * message not sent yet, or failed, suppressed or deferred, keeps its status).
 * Returns undefined when nothing changes.
 */
export function receiptChange(intent: SendIntent, receipts: Receipt[]): ReceiptChange | undefined {
  const firsts: Receipt[] = [];
  const times: ReceiptChange['times'] = {};
  for (const receipt of [...receipts].sort((a, b) => a.at.getTime() - b.at.getTime())) {
    const field = TIME_OF[receipt.status];
    if (intent[field] !== null || times[field] !== undefined) continue;
    times[field] = receipt.at;
    firsts.push(receipt);
  }
  if (firsts.length === 0) return undefined;
  let status = intent.status;
  let bounce = intent.bounce;
  if (MOVABLE.includes(status)) {
    for (const receipt of firsts) {
      if (receiptRank(receipt.status, receipt.bounce) > receiptRank(status, bounce)) {
        status = receipt.status;
        bounce = receipt.bounce ?? null;
      }
    }
  }
  return { intent, status, bounce: firsts.find((r) => r.status === 'BOUNCED')?.bounce ?? intent.bounce, times, firsts };
}
