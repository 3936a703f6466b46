import { MessageRequest, MessageStatus, TOPICS } from '@cairn/contracts';
import { addToOutbox } from '@cairn/kafka';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { MessageContent, SentRecord } from '../domain';
import { IntentRow, outcomeOf, SendIntent, toIntent } from './intent';

export interface IntentUpdate {
  status: MessageStatus;
  reason?: string | null;
  content?: MessageContent;
  countedAt?: Date | null;
  sentAt?: Date;
  deferredUntil?: Date | null;
  /** For SENDING: when the send may be claimed again (a delivery lease or a retry backoff). */
  retryAt?: Date | null;
}

/** Send intents; every query names the workspace (or the intent's own id, taken from a workspace-scoped read). */
@Injectable()
export class IntentRepository {
  /** Inserts one intent per request; a request seen before (same workspace and idempotency key) inserts nothing. */
  async insertRequests(manager: EntityManager, requests: MessageRequest[], now: Date): Promise<void> {
    if (requests.length === 0) return;
    await manager.query(
      `INSERT INTO messaging.send_intents
         (workspace_id, user_id, idempotency_key, journey, channel, template, category, context, status, created_at, updated_at)
       SELECT w, u, k, j, c, t, cat, ctx, 'PENDING', $9, $9
       FROM unnest($1::text[], $2::text[], $3::text[], $4::jsonb[], $5::text[], $6::text[], $7::text[], $8::jsonb[])
         AS r(w, u, k, j, c, t, cat, ctx)
       ON CONFLICT (workspace_id, idempotency_key) DO NOTHING`,
      [
        requests.map((r) => r.workspaceId),
        requests.map((r) => r.userId),
        requests.map((r) => r.idempotencyKey),
        requests.map((r) => (r.journey ? JSON.stringify(r.journey) : null)),
        requests.map((r) => r.channel),
        requests.map((r) => r.template),
        requests.map((r) => r.category),
        requests.map((r) => JSON.stringify(r.context)),
        now,
      ],
    );
  }

  /** The ids of these requests' intents still waiting for a decision, in request order. */
  /** The PENDING intents of these requests, in request order, with the user each belongs to. */
  async pending(manager: EntityManager, requests: MessageRequest[]): Promise<Array<{ id: string; user: string }>> {
    if (requests.length === 0) return [];
    const rows: Array<{ id: string; workspace_id: string; idempotency_key: string }> = await manager.query(
      `SELECT id, workspace_id, idempotency_key FROM messaging.send_intents
       WHERE (workspace_id, idempotency_key) IN (SELECT * FROM unnest($1::text[], $2::text[])) AND status = 'PENDING'`,
      [requests.map((r) => r.workspaceId), requests.map((r) => r.idempotencyKey)],
    );
    const byKey = new Map(rows.map((r) => [`${r.workspace_id}\u0000${r.idempotency_key}`, r.id]));
    const seen = new Set<string>();
    const pending: Array<{ id: string; user: string }> = [];
    for (const r of requests) {
      const id = byKey.get(`${r.workspaceId}\u0000${r.idempotencyKey}`);
      if (!id || seen.has(id)) continue;
      seen.add(id);
      pending.push({ id, user: `${r.workspaceId}\u0000${r.userId}` });
    }
    return pending;
  }

  async find(manager: EntityManager, id: string, options: { lock?: boolean } = {}): Promise<SendIntent | undefined> {
    const rows: IntentRow[] = await manager.query(
      `SELECT * FROM messaging.send_intents WHERE id = $1 ${options.lock ? 'FOR UPDATE' : ''}`,
      [id],
    );
    return rows[0] ? toIntent(rows[0]) : undefined;
  }

  /** Claims one DEFERRED intent that is due, skipping rows another worker holds. */
  async claimDue(manager: EntityManager, now: Date): Promise<SendIntent | undefined> {
    const rows: IntentRow[] = await manager.query(
      `SELECT * FROM messaging.send_intents WHERE status = 'DEFERRED' AND deferred_until <= $1
       ORDER BY deferred_until LIMIT 1 FOR UPDATE SKIP LOCKED`,
      [now],
    );
    return rows[0] ? toIntent(rows[0]) : undefined;
  }

  /**
   * Claims one reserved send whose lease or backoff ran out (a crash, or a
   * provider outage), extending its lease so no other worker takes it meanwhile.
   * A claimed send loses its parking reason: `reason IS NOT NULL` marks a parked send.
   */
  async claimRetry(manager: EntityManager, now: Date, leaseUntil: Date): Promise<SendIntent | undefined> {
    return this.claimReserved(manager, `retry_at <= $1`, [now, leaseUntil]);
  }

  /**
   * Claims one send of this channel parked after a failed try, whatever its
   * backoff: it probes a half-open breaker.
   */
  async claimParked(manager: EntityManager, workspaceId: string, channel: string, now: Date, leaseUntil: Date): Promise<SendIntent | undefined> {
    return this.claimReserved(manager, `workspace_id = $3 AND channel = $4 AND reason IS NOT NULL`, [now, leaseUntil, workspaceId, channel]);
  }

  /** Makes this channel's parked sends due now (its provider is back); returns how many. */
  async releaseParked(manager: EntityManager, workspaceId: string, channel: string, now: Date): Promise<number> {
    const [, count]: [unknown, number] = await manager.query(
      `UPDATE messaging.send_intents SET retry_at = $3, updated_at = $3
       WHERE workspace_id = $1 AND channel = $2 AND status = 'SENDING' AND reason IS NOT NULL AND retry_at > $3`,
      [workspaceId, channel, now],
    );
    return count;
  }

  private async claimReserved(manager: EntityManager, where: string, params: unknown[]): Promise<SendIntent | undefined> {
    const [rows]: [IntentRow[], number] = await manager.query(
      `UPDATE messaging.send_intents SET retry_at = $2, attempts = attempts + 1, reason = NULL, updated_at = $1
       WHERE id = (SELECT id FROM messaging.send_intents WHERE status = 'SENDING' AND ${where}
                   ORDER BY retry_at LIMIT 1 FOR UPDATE SKIP LOCKED)
       RETURNING *`,
      params,
    );
    return rows[0] ? toIntent(rows[0]) : undefined;
  }

  /** Keeps a reserved send for a later try after the provider was unavailable. */
  async park(manager: EntityManager, id: string, reason: string, retryAt: Date, now: Date): Promise<void> {
    await manager.query(
      `UPDATE messaging.send_intents SET reason = $2, retry_at = $3, updated_at = $4 WHERE id = $1 AND status = 'SENDING'`,
      [id, reason, retryAt, now],
    );
  }

  /** The user's sends that caps count (reserved or sent) since `since`. */
  async countedSends(manager: EntityManager, workspaceId: string, userId: string, since: Date): Promise<SentRecord[]> {
    const rows: Array<{ counted_at: Date; channel: string; journey_key: string | null; category: SentRecord['category'] }> =
      await manager.query(
        `SELECT counted_at, channel, journey->>'key' AS journey_key, category FROM messaging.send_intents
         WHERE workspace_id = $1 AND user_id = $2 AND status IN ('SENDING', 'SENT') AND counted_at >= $3`,
        [workspaceId, userId, since],
      );
    return rows.map((r) => ({ at: r.counted_at, channel: r.channel, journeyId: r.journey_key, category: r.category }));
  }

  /**
   * Moves an intent from one of `from` to a new status; returns the updated
   * intent, or undefined when it was no longer in one of `from`. A final or
   * deferred status also goes to the outbox as an outcome, in the same transaction.
   */
  async transition(manager: EntityManager, id: string, from: MessageStatus[], update: IntentUpdate, now: Date): Promise<SendIntent | undefined> {
    // An UPDATE through TypeORM's query() answers [rows, rowCount].
    const [rows]: [IntentRow[], number] = await manager.query(
      `UPDATE messaging.send_intents SET status = $3, reason = $4, content = COALESCE($5, content),
         counted_at = CASE WHEN $6 THEN $7 ELSE counted_at END, sent_at = COALESCE($8, sent_at),
         deferred_until = $9, attempts = attempts + CASE WHEN $3 = 'SENDING' THEN 1 ELSE 0 END, updated_at = $10,
         retry_at = $11
       WHERE id = $1 AND status = ANY($2::text[]) RETURNING *`,
      [
        id, from, update.status, update.reason ?? null, update.content ? JSON.stringify(update.content) : null,
        update.countedAt !== undefined, update.countedAt ?? null, update.sentAt ?? null, update.deferredUntil ?? null, now,
        update.retryAt ?? null,
      ],
    );
    const intent = rows[0] ? toIntent(rows[0]) : undefined;
    if (intent && !['PENDING', 'SENDING'].includes(intent.status)) {
      const outcome = outcomeOf(intent, now);
      await addToOutbox(manager, 'messaging', [
        { topic: TOPICS.messageOutcomes, key: `${intent.workspaceId}:${intent.userId}`, value: JSON.stringify(outcome) },
      ]);
    }
    return intent;
  }

  async setContentChannel(manager: EntityManager, id: string, contentChannel: string): Promise<void> {
    await manager.query(`UPDATE messaging.send_intents SET content_channel = $2 WHERE id = $1`, [id, contentChannel]);
  }
}
