import { backoffDelay, RetryPolicy } from '@cairn/kafka';
import { Clock, CLOCK } from '@cairn/core';
import { OutboxRelay } from '@cairn/kafka';
import { Logger } from '@cairn/observability';
import { DATA_SOURCE, LOGGER, OUTBOX } from '@cairn/runtime';
import { BeforeApplicationShutdown, Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ChannelReader } from '../channels/channel.reader';
import { StoredChannel } from '../channels/channel.repository';
import { IntentChange, IntentRepository } from '../messages/intent.repository';
import { SendIntent } from '../messages/intent';
import { Delivery } from '../providers/delivery';
import { RECIPIENT_UNREACHABLE } from '../providers/provider';
import { groupBy } from '../shared/group-by';
import { UnsubscribeLinks } from '../unsubscribe/unsubscribe-links';
import { DELIVERY_LEASE_MS, DELIVERY_LEASE_RENEW_MS } from './decide-intent';
import { LeaseKeeper } from './lease-keeper';
import { GroupWriter, Limiter } from './delivery-work';
import { FallbackResult, FallbackSend } from './fallback-send';
import { deliveryQueued } from './messaging-metrics';

/** Later tries of a reserved send whose provider was unavailable (on the service clock), then FAILED. */
export const REDELIVERY: RetryPolicy = { attempts: 20, baseDelayMs: 30_000, maxDelayMs: 30 * 60_000 };

/** How many sends are delivered at the same time (one user's in order). */
const USER_CONCURRENCY = 16;
/** How many of those may wait on one workspace channel's provider: a slow one cannot take every slot. */
const CHANNEL_CONCURRENCY = 8;
/** Sends queued and not yet recorded beyond which `enqueue` waits (the consumer then stops taking requests). */
const MAX_QUEUED = 2_000;

/**
 * When a parked send is tried again. Behind an open breaker it waits for the
 * breaker: the breaker's probe and its closing release the channel's parked
 * sends at once, so the poller does not keep claiming them meanwhile (the
 * longest backoff only covers a replica that stopped before its breaker closed).
 */
function retryDelay(code: string, attempts: number): number {
  return code === 'circuit_open' ? REDELIVERY.maxDelayMs : backoffDelay(REDELIVERY, attempts);
}

/** A try's result; `fallbackDue`: the primary channel cannot reach the recipient and the message names a fallback. */
type AttemptResult = FallbackResult & { fallbackDue?: boolean };

interface Attempt {
  intent: SendIntent;
  result: AttemptResult;
  at: Date;
}

type Channels = Map<string, Map<string, StoredChannel>>;

/**
 * Delivers reserved sends (SENDING) outside any transaction: up to 16 at once,
 * at most 8 of them on one workspace channel, each user's sends in order (also
 * across calls), through the channel's breaker (see Delivery). Success: SENT;
 * a permanent error: FAILED; a retryable one or an open breaker keeps the send
 * reserved with a backoff (after the last try: FAILED). Results are recorded
 * in group commits, each outcome going to the outbox in the transaction that
 * records it. The queue is bounded: a send counts from `enqueue` until its
 * result is recorded, and the consumer waits while more than MAX_QUEUED do. A
 * send still queued when the process dies keeps its lease and is taken up by
 * the poller once the lease runs out (the provider gets the same idempotency key).
 * When the provider answers that the recipient cannot receive the message on
 * its channel and the message names a fallback, that is recorded first (the
 * send stays reserved) and the fallback is then sent (FallbackSend); a later
 * try of the message sends only the fallback. Promotional email carries the
 * recipient's unsubscribe link for `List-Unsubscribe`.
 */
@Injectable()
export class DeliverSends implements BeforeApplicationShutdown {
  private readonly writer = new GroupWriter<Attempt>(
    (attempts) => this.record(attempts),
    (error, attempts) => this.logger.warn({ err: (error as Error).message, sends: attempts.length }, 'recording delivery results failed'),
  );
  private readonly limiter = new Limiter(USER_CONCURRENCY);
  /** One limiter per workspace channel with sends in flight. */
  private readonly channelLimiters = new Map<string, Limiter>();
  /** The last scheduled delivery of each user with sends in flight. */
  private readonly tails = new Map<string, Promise<void>>();
  private queued = 0;
  private readonly roomWaiters: Array<() => void> = [];
  /** The leases of the sends queued here, renewed until their result is recorded. */
  private readonly leases = new LeaseKeeper(
    (ids) => new IntentRepository(this.dataSource.manager).extendLeases(ids, new Date(this.clock.now().getTime() + DELIVERY_LEASE_MS)),
    DELIVERY_LEASE_RENEW_MS,
    (error) => this.logger.warn({ err: (error as Error).message }, 'renewing delivery leases failed'),
  );

  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(OUTBOX) private readonly outbox: OutboxRelay,
    private readonly channels: ChannelReader,
    private readonly delivery: Delivery,
    private readonly fallbacks: FallbackSend,
    private readonly links: UnsubscribeLinks,
  ) {}

  /** Delivers these sends and records their results; resolves when that is done. */
  async deliverAll(intents: SendIntent[]): Promise<void> {
    if (intents.length === 0) return;
    await Promise.all(this.schedule(intents, await this.channelsOf(intents)));
    await this.writer.drain();
  }

  /** Queues these sends for delivery; resolves at once unless too many sends are queued already. */
  async enqueue(intents: SendIntent[]): Promise<void> {
    if (intents.length === 0) return;
    this.schedule(intents, await this.channelsOf(intents));
    while (this.queued > MAX_QUEUED) await new Promise<void>((resolve) => this.roomWaiters.push(resolve));
  }

  /**
   * Delivers and records what is queued once the consumer and the poller
   * stopped (onModuleDestroy), before the breakers (onApplicationShutdown) and
   * the database go away.
   */
  async beforeApplicationShutdown(): Promise<void> {
    while (this.tails.size > 0) await Promise.all([...this.tails.values()]);
    await this.writer.drain();
    this.leases.stop();
  }

  /** The channels of these sends (a send whose fallback is due looks its fallback channel up itself). */
  private async channelsOf(intents: SendIntent[]): Promise<Channels> {
    const channels: Channels = new Map();
    for (const [workspaceId, group] of groupBy(intents, (i) => i.workspaceId)) {
      channels.set(workspaceId, await this.channels.forDelivery(workspaceId, [...new Set(group.map((i) => i.channel))]));
    }
    return channels;
  }

  /** Chains each user's sends after that user's sends already scheduled; returns the new tails. */
  private schedule(intents: SendIntent[], channels: Channels): Promise<void>[] {
    this.queued += intents.length;
    this.leases.hold(intents.map((i) => i.id));
    deliveryQueued.set(this.queued);
    return [...groupBy(intents, (i) => `${i.workspaceId}\u0000${i.userId}`)].map(([user, sends]) => {
      const tail = (this.tails.get(user) ?? Promise.resolve())
        .then(() => this.deliverInOrder(sends, channels))
        .catch((error) => this.logger.error({ err: (error as Error).message }, 'delivering sends failed'));
      this.tails.set(user, tail);
      void tail.then(() => {
        if (this.tails.get(user) === tail) this.tails.delete(user);
      });
      return tail;
    });
  }

  private async deliverInOrder(sends: SendIntent[], channels: Channels): Promise<void> {
    for (const intent of sends) {
      // The channel's slot first, then a shared one: a send waiting on a slow channel holds no shared slot.
      const result = await this.channelLimiter(intent).run(() =>
        this.limiter.run(() => this.deliverOne(intent, channels.get(intent.workspaceId)?.get(intent.channel))),
      );
      void this.writer.add({ intent, result, at: this.clock.now() }).then(() => this.recorded(intent.id));
    }
  }

  private channelLimiter(intent: SendIntent): Limiter {
    const key = `${intent.workspaceId}\u0000${intent.channel}`;
    let limiter = this.channelLimiters.get(key);
    if (!limiter) {
      limiter = new Limiter(CHANNEL_CONCURRENCY, () => this.channelLimiters.delete(key));
      this.channelLimiters.set(key, limiter);
    }
    return limiter;
  }

  /** A send's result was recorded (or its recording failed: it keeps its lease): it leaves the queue. */
  private recorded(id: string): void {
    this.leases.release(id);
    this.queued--;
    deliveryQueued.set(this.queued);
    if (this.queued <= MAX_QUEUED) this.roomWaiters.splice(0).forEach((wake) => wake());
  }

  /** Never rejects: an unexpected error is a retryable failure. */
  private async deliverOne(intent: SendIntent, channel: StoredChannel | undefined): Promise<AttemptResult> {
    try {
      if (intent.fallback?.trigger && !intent.fallback.status) return await this.fallbacks.deliver(intent);
      if (!channel) return { ok: false, code: 'channel_not_found', message: `no channel ${intent.channel}`, retryable: false };
      const result = await this.delivery.deliver({
        id: intent.id,
        idempotencyKey: intent.idempotencyKey,
        workspaceId: intent.workspaceId,
        userId: intent.userId,
        channel,
        template: intent.template,
        category: intent.category,
        journey: intent.journey,
        content: intent.content!,
        contentChannel: intent.contentChannel,
        user: (intent.context.user as Record<string, unknown>) ?? {},
        unsubscribeUrl:
          intent.category === 'promotional'
            ? this.links.urlFor({ workspaceId: intent.workspaceId, userId: intent.userId, channel: intent.channel })
            : undefined,
      });
      if (!result.ok && result.code === RECIPIENT_UNREACHABLE && intent.fallback && !intent.fallback.trigger) return { ...result, fallbackDue: true };
      return result;
    } catch (error) {
      return { ok: false, code: 'provider_error', message: (error as Error).message, retryable: true };
    }
  }

  /**
   * One transaction: SENT and FAILED in one statement, parked sends in
   * another, and the sends whose fallback is now due in a third; those are
   * then queued again, to send the fallback (they keep their lease).
   */
  private async record(attempts: Attempt[]): Promise<void> {
    const now = this.clock.now();
    const ended: IntentChange[] = [];
    const parked: Array<{ id: string; reason: string; retryAt: Date }> = [];
    const fallbackDue: SendIntent[] = [];
    for (const { intent, result, at } of attempts) {
      const fallback = result.fallback && { ...result.fallback, ...(result.ok ? { sentAt: at.toISOString() } : {}) };
      if (result.ok) {
        ended.push({ intent, update: { status: 'SENT', sentAt: at, ...(fallback ? { fallback } : {}) } });
        continue;
      }
      if (result.fallbackDue) {
        fallbackDue.push({ ...intent, fallback: { ...intent.fallback!, trigger: result.code } });
        continue;
      }
      const level = result.code === 'circuit_open' ? 'debug' : 'warn';
      this.logger[level]({ intent: intent.id, channel: intent.channel, code: result.code, err: result.message }, 'delivery failed');
      if (!result.retryable || intent.attempts >= REDELIVERY.attempts) {
        ended.push({ intent, update: { status: 'FAILED', reason: result.code, countedAt: null, ...(fallback ? { fallback } : {}) } });
      } else {
        parked.push({ id: intent.id, reason: result.code, retryAt: new Date(at.getTime() + retryDelay(result.code, intent.attempts)) });
      }
    }
    const leaseUntil = new Date(now.getTime() + DELIVERY_LEASE_MS);
    const due = await this.dataSource.transaction(async (manager) => {
      const intents = new IntentRepository(manager);
      await intents.transitionMany(['SENDING'], ended, now);
      await intents.park(parked, now);
      return intents.fallbackDue(fallbackDue, leaseUntil, now);
    });
    if (ended.length > 0) this.outbox.nudge();
    if (due.length > 0) void this.enqueue(due);
  }
}
