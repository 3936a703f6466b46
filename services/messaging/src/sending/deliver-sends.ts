import { backoffDelay, RetryPolicy } from '@cairn/kafka';
import { Platform, PLATFORM } from '@cairn/runtime';
import { Inject, Injectable } from '@nestjs/common';
import { ChannelRepository, StoredChannel } from '../channels/channel.repository';
import { IntentChange, IntentRepository } from '../messages/intent.repository';
import { SendIntent } from '../messages/intent';
import { Delivery, DeliveryResult } from '../providers/delivery';
import { groupBy } from '../shared/group-by';

/** Later tries of a reserved send whose provider was unavailable (on the service clock), then FAILED. */
export const REDELIVERY: RetryPolicy = { attempts: 20, baseDelayMs: 30_000, maxDelayMs: 30 * 60_000 };

/** How many users' sends are delivered at the same time (one user's in order). */
const USER_CONCURRENCY = 16;

interface Attempt {
  intent: SendIntent;
  result: DeliveryResult;
  at: Date;
}

/**
 * Writes delivery results as they come, in group commits: while one write is
 * in flight the next results queue up and go in the following write, so a
 * result is recorded soon after it arrives, in few transactions.
 */
class ResultWriter {
  private readonly queue: Attempt[] = [];
  private writing?: Promise<void>;
  private failure?: unknown;

  constructor(private readonly write: (attempts: Attempt[]) => Promise<void>) {}

  add(attempt: Attempt): void {
    this.queue.push(attempt);
    this.writing ??= this.loop();
  }

  /** Resolves once every result added so far is written; rejects if a write failed. */
  async drain(): Promise<void> {
    await this.writing;
    if (this.failure) throw this.failure;
  }

  private async loop(): Promise<void> {
    while (this.queue.length > 0) {
      await this.write(this.queue.splice(0)).catch((error) => (this.failure ??= error));
    }
    this.writing = undefined;
  }
}

/**
 * Delivers reserved sends (SENDING) outside any transaction: several users at
 * once, each user's sends in order, through the channel's breaker (see
 * Delivery). Success: SENT; a permanent error: FAILED; a retryable one or an
 * open breaker keeps the send reserved with a backoff (after the last try:
 * FAILED). Every outcome goes to the outbox in the transaction that records it.
 */
@Injectable()
export class DeliverSends {
  constructor(
    @Inject(PLATFORM) private readonly platform: Platform,
    private readonly intents: IntentRepository,
    private readonly channels: ChannelRepository,
    private readonly delivery: Delivery,
  ) {}

  async deliverAll(intents: SendIntent[]): Promise<void> {
    if (intents.length === 0) return;
    const channels = new Map<string, Map<string, StoredChannel>>();
    for (const [workspaceId, group] of groupBy(intents, (i) => i.workspaceId)) {
      channels.set(workspaceId, await this.channels.findMany(workspaceId, [...new Set(group.map((i) => i.channel))]));
    }
    const writer = new ResultWriter((attempts) => this.record(attempts));
    const queues = [...groupBy(intents, (i) => `${i.workspaceId}\u0000${i.userId}`).values()];
    const worker = async () => {
      for (let queue = queues.shift(); queue; queue = queues.shift()) {
        for (const intent of queue) {
          const result = await this.deliverOne(intent, channels.get(intent.workspaceId)?.get(intent.channel));
          writer.add({ intent, result, at: this.platform.clock.now() });
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(USER_CONCURRENCY, queues.length) }, worker));
    await writer.drain();
  }

  private async deliverOne(intent: SendIntent, channel: StoredChannel | undefined): Promise<DeliveryResult> {
    if (!channel) return { ok: false, code: 'channel_not_found', message: `no channel ${intent.channel}`, retryable: false };
    try {
      return await this.delivery.deliver({
        id: intent.id,
        idempotencyKey: intent.idempotencyKey,
        workspaceId: intent.workspaceId,
        userId: intent.userId,
        channel,
        template: intent.template,
        category: intent.category,
        journey: intent.journey,
        content: intent.content!,
        user: (intent.context.user as Record<string, unknown>) ?? {},
      });
    } catch (error) {
      return { ok: false, code: 'provider_error', message: (error as Error).message, retryable: true };
    }
  }

  /** One transaction: SENT and FAILED in one statement, parked sends in another. */
  private async record(attempts: Attempt[]): Promise<void> {
    const now = this.platform.clock.now();
    const ended: IntentChange[] = [];
    const parked: Array<{ id: string; reason: string; retryAt: Date }> = [];
    for (const { intent, result, at } of attempts) {
      if (result.ok) {
        ended.push({ id: intent.id, status: 'SENT', sentAt: at });
        continue;
      }
      const level = result.code === 'circuit_open' ? 'debug' : 'warn';
      this.platform.logger[level]({ intent: intent.id, channel: intent.channel, code: result.code, err: result.message }, 'delivery failed');
      if (!result.retryable || intent.attempts >= REDELIVERY.attempts) {
        ended.push({ id: intent.id, status: 'FAILED', reason: result.code, countedAt: null });
      } else {
        parked.push({ id: intent.id, reason: result.code, retryAt: new Date(at.getTime() + backoffDelay(REDELIVERY, intent.attempts)) });
      }
    }
    await this.platform.dataSource.transaction(async (manager) => {
      await this.intents.transitionMany(manager, ['SENDING'], ended, now);
      await this.intents.park(manager, parked, now);
    });
    if (ended.length > 0) this.platform.outbox.nudge();
  }
}
