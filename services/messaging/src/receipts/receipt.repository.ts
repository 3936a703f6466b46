import { messageOutcomeKey, TOPICS } from '@cairn/contracts';
import { addToOutbox } from '@cairn/kafka';
import { EntityManager } from 'typeorm';
import { outcomeOf } from '../messages/intent';
import { MESSAGING_SCHEMA } from '../shared/schema';
import { ReceiptChange } from './apply-receipts';

/**
 * Writes what delivery receipts changed on send intents, with one outcome per
 * kind a message had for the first time, in the caller's transaction. By id:
 * the intents were read, within the receipt's workspace, under their users' locks.
 */
export class ReceiptRepository {
  constructor(private readonly m: EntityManager) {}

  async apply(changes: ReceiptChange[], now: Date): Promise<void> {
    if (changes.length === 0) return;
    const iso = (d: Date | undefined) => d?.toISOString() ?? null;
    const rows = changes.map((c) => ({
      id: c.intent.id,
      status: c.status,
      bounce: c.bounce,
      sent: c.intent.status === 'SENDING' && c.status !== 'SENDING' ? iso(c.firsts[0].at) : null,
      delivered: iso(c.times.deliveredAt),
      opened: iso(c.times.openedAt),
      clicked: iso(c.times.clickedAt),
      bounced: iso(c.times.bouncedAt),
      complained: iso(c.times.complainedAt),
    }));
    await this.m.query(
      `UPDATE messaging.send_intents AS i SET status = u.status, bounce = u.bounce, sent_at = COALESCE(i.sent_at, u.sent),
         delivered_at = COALESCE(i.delivered_at, u.delivered), opened_at = COALESCE(i.opened_at, u.opened),
         clicked_at = COALESCE(i.clicked_at, u.clicked), bounced_at = COALESCE(i.bounced_at, u.bounced),
         complained_at = COALESCE(i.complained_at, u.complained),
         retry_at = CASE WHEN u.status = 'SENDING' THEN i.retry_at ELSE NULL END,
         reason = CASE WHEN u.status = 'SENDING' THEN i.reason ELSE NULL END, updated_at = $2
       FROM jsonb_to_recordset($1::jsonb) AS u(id uuid, status text, bounce text, sent timestamptz, delivered timestamptz,
         opened timestamptz, clicked timestamptz, bounced timestamptz, complained timestamptz)
       WHERE i.id = u.id`,
      [JSON.stringify(rows), now],
    );
    const outcomes = changes.flatMap((c) =>
      c.firsts.map((receipt) => {
        const value = outcomeOf({ ...c.intent, status: receipt.status, reason: null, bounce: receipt.bounce ?? null }, receipt.at);
        return { topic: TOPICS.messageOutcomes, key: messageOutcomeKey(c.intent), value: JSON.stringify(value) };
      }),
    );
    await addToOutbox(this.m, MESSAGING_SCHEMA, outcomes);
  }
}
