import { MessageRequest, TOPICS } from '@cairn/contracts';
import { addToOutbox, OutgoingMessage } from '@cairn/kafka';
import { EntityManager } from 'typeorm';
import { issueCoupon } from '../coupons/issue-coupon';
import { Effect, JourneyRun, SendEffect } from '../domain';

/**
 * Applies the engine's effects inside the caller's transaction, in order:
 * timers become rows (cancelled by run), a send becomes one `sends` row per
 * idempotency key and, the first time only, a message request in the outbox.
 */
export async function applyEffects(m: EntityManager, workspaceId: string, run: JourneyRun, effects: Effect[], now: Date): Promise<number> {
  let queued = 0;
  for (const effect of effects) {
    if (effect.type === 'scheduleTimer') {
      await m.query(
        `INSERT INTO journeys.timers (run_id, step, occurrence, due_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`,
        [run.id, effect.step, effect.occurrence, new Date(effect.dueAt)],
      );
    } else if (effect.type === 'cancelTimers') {
      await m.query(`UPDATE journeys.timers SET status = 'cancelled' WHERE run_id = $1 AND status = 'pending'`, [run.id]);
    } else if (effect.type === 'send') {
      queued += await send(m, workspaceId, run, effect, now);
    } else if (effect.type === 'holdoutSkipped') {
      await recordSend(m, run, `${run.id}:${effect.step}:${effect.occurrence}:holdout`, effect.step, effect.occurrence, 'holdout', now);
    }
  }
  return queued;
}

/** Records the send once per idempotency key and queues its request; a coupon send without a code is held back. */
async function send(m: EntityManager, workspaceId: string, run: JourneyRun, effect: SendEffect, now: Date): Promise<number> {
  if (!(await recordSend(m, run, effect.idempotencyKey, effect.step, effect.occurrence, 'requested', now))) return 0;
  let coupon: { pool: string; code: string } | undefined;
  if (effect.coupon) {
    const code = await issueCoupon(m, workspaceId, effect.coupon.pool, run.id, now);
    if (code === undefined) {
      await m.query(`UPDATE journeys.sends SET status = 'suppressed', reason = 'coupon_unavailable' WHERE idempotency_key = $1`, [
        effect.idempotencyKey,
      ]);
      return 0;
    }
    coupon = { pool: effect.coupon.pool, code };
  }
  await addToOutbox(m, 'journeys', [messageRequest(workspaceId, run, effect, now, coupon)]);
  return 1;
}

async function recordSend(
  m: EntityManager,
  run: JourneyRun,
  key: string,
  step: string,
  occurrence: number,
  status: string,
  now: Date,
): Promise<boolean> {
  const rows = await m.query(
    `INSERT INTO journeys.sends (idempotency_key, run_id, step, occurrence, status, created_at)
     VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING RETURNING idempotency_key`,
    [key, run.id, step, occurrence, status, now],
  );
  return rows.length === 1;
}

/** The contract's message request; `context` is what the template sees. */
export function messageRequest(
  workspaceId: string,
  run: JourneyRun,
  effect: SendEffect,
  now: Date,
  coupon?: { pool: string; code: string },
): OutgoingMessage {
  const value: MessageRequest = {
    v: 1,
    workspaceId,
    userId: run.userId,
    idempotencyKey: effect.idempotencyKey,
    journey: { key: run.journeyKey, version: run.version, runId: run.id, step: effect.step },
    channel: effect.channel,
    template: effect.template,
    category: effect.category,
    context: {
      user: run.context.user,
      entry: run.context.entry,
      journey: { key: run.journeyKey, version: run.version, runId: run.id, step: effect.step },
      ...(coupon ? { coupon } : {}),
    },
    requestedAt: now.toISOString(),
  };
  return { topic: TOPICS.messageRequests, key: `${workspaceId}:${run.userId}`, value: JSON.stringify(value) };
}
