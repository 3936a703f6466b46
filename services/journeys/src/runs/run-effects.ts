import { MessageRequest, TOPICS, userPartitionKey } from '@cairn/contracts';
import { addToOutbox, OutgoingMessage } from '@cairn/kafka';
import { EntityManager } from 'typeorm';
import { issueCoupon } from '../coupons/issue-coupon';
import { Effect, JourneyRun, SendEffect } from '@cairn/journeys-domain';
import { SendRecord, SendRepository } from './send.repository';
import { TimerRepository } from './timer.repository';

/** One run's effects, to be applied in its workspace. */
export interface RunEffects {
  workspaceId: string;
  run: JourneyRun;
  effects: Effect[];
}

/**
 * Applies the engine's effects of many runs inside the caller's transaction,
 * set-based (a fixed number of statements whatever the number of runs):
 * pending timers of runs that cancel them are deleted before new timers are
 * inserted (the engine orders a run's cancel before its new timer); a send
 * becomes one `sends` row per idempotency key and, the first time only, a
 * message request in the outbox. Returns how many requests were queued.
 */
export async function applyEffectsBatch(m: EntityManager, items: RunEffects[], now: Date): Promise<number> {
  const timerRepository = new TimerRepository(m);
  const cancel = items.filter((i) => i.effects.some((e) => e.type === 'cancelTimers')).map((i) => i.run.id);
  if (cancel.length > 0) await timerRepository.cancelForRuns(cancel);
  const timers = items.flatMap((i) => i.effects.flatMap((e) => (e.type === 'scheduleTimer' ? [{ runId: i.run.id, ...e }] : [])));
  if (timers.length > 0) await timerRepository.schedule(timers);
  const rows: SendRecord[] = [];
  const sends = new Map<string, { item: RunEffects; effect: SendEffect }>();
  for (const item of items) {
    for (const e of item.effects) {
      if (e.type === 'holdoutSkipped') {
        rows.push({ key: `${item.run.id}:${e.step}:${e.occurrence}:holdout`, runId: item.run.id, step: e.step, occurrence: e.occurrence, status: 'holdout' });
      } else if (e.type === 'send') {
        rows.push({ key: e.idempotencyKey, runId: item.run.id, step: e.step, occurrence: e.occurrence, status: 'requested' });
        sends.set(e.idempotencyKey, { item, effect: e });
      }
    }
  }
  const fresh = await new SendRepository(m).record(rows, now);
  const messages: OutgoingMessage[] = [];
  for (const [key, { item, effect }] of sends) {
    if (!fresh.has(key)) continue;
    const message = await requestFor(m, item, effect, now);
    if (message) messages.push(message);
  }
  await addToOutbox(m, 'journeys', messages);
  return messages.length;
}

/** The request of a new send; a coupon send without a code is recorded as suppressed instead. */
async function requestFor(m: EntityManager, item: RunEffects, effect: SendEffect, now: Date): Promise<OutgoingMessage | undefined> {
  if (!effect.coupon) return messageRequest(item.workspaceId, item.run, effect, now);
  const code = await issueCoupon(m, item.workspaceId, effect.coupon.pool, item.run.id, now);
  if (code === undefined) {
    await new SendRepository(m).suppress(effect.idempotencyKey, 'coupon_unavailable');
    return undefined;
  }
  return messageRequest(item.workspaceId, item.run, effect, now, { pool: effect.coupon.pool, code });
}

/** The contract's message request; `context` is what the template sees. */
export function messageRequest(workspaceId: string, run: JourneyRun, effect: SendEffect, now: Date, coupon?: { pool: string; code: string }): OutgoingMessage {
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
    ...(effect.fallback ? { fallback: effect.fallback } : {}),
    requestedAt: now.toISOString(),
    ...(run.context.personSince !== undefined && { personSince: new Date(run.context.personSince).toISOString() }),
  };
  return { topic: TOPICS.messageRequests, key: userPartitionKey(workspaceId, run.userId), value: JSON.stringify(value) };
}
