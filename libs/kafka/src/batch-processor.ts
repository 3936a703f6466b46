import { decodeMessage, dlqTopic } from '@cairn/contracts';
import { busMetrics, Logger } from '@cairn/observability';
import { BusAdapter, IncomingMessage, MessageBatch } from './bus.adapter';
import { ConsumedMessage, DeadLetterCode, DLQ_HEADERS } from './consumed-message';
import { isResourceExhausted, isTransient } from '@cairn/core';
import { backoffDelay, RetryPolicy, withRetries } from './retry';

export type Decoder = (message: IncomingMessage) => { ok: true; value: unknown } | { ok: false; problems: { path: string; message: string }[] };

/** Contract validation for Cairn's topics; plain JSON for any other topic. */
export function contractDecoder(logicalTopic: string): Decoder {
  return (m) => {
    const result = decodeMessage(logicalTopic, m.key, m.value);
    if (result.ok || !result.problems.some((p) => p.message.startsWith('no contract'))) return result;
    try {
      return { ok: true, value: JSON.parse(m.value.toString('utf8')) };
    } catch (e) {
      return { ok: false, problems: [{ path: '', message: `value is not JSON: ${(e as Error).message}` }] };
    }
  };
}

export interface BatchProcessorOptions {
  bus: BusAdapter;
  group: string;
  /** Topic name as handlers know it; the physical name may carry a prefix. */
  logicalTopic: string;
  handle: (messages: ConsumedMessage[]) => Promise<void>;
  retry: RetryPolicy;
  logger: Logger;
  decode?: Decoder;
  heartbeatEveryMs?: number;
  /** How a transient failure is retried (default: 250 ms doubling to 10 s, for as long as the partition is held). */
  transientBackoff?: RetryPolicy;
  /** Rounds of a transient failure after which the partition is reported as stalled (default 20, about 2.5 minutes). */
  stallAfterRounds?: number;
  /** How an exhausted resource (disk full, out of memory) is retried before it counts as a failure of the work (default 8 rounds, 1 s doubling to 30 s). */
  resourceBackoff?: RetryPolicy;
}

const TRANSIENT_BACKOFF: RetryPolicy = { attempts: Infinity, baseDelayMs: 250, maxDelayMs: 10_000 };
const RESOURCE_BACKOFF: RetryPolicy = { attempts: 8, baseDelayMs: 1_000, maxDelayMs: 30_000 };
const STALL_AFTER_ROUNDS = 20;

/**
 * Turns one fetched batch into handler calls with Cairn's delivery rules:
 * messages that break the topic contract go straight to `<topic>.dlq`; the
 * rest are handled as one batch with bounded retries; if the batch keeps
 * failing, each message is retried on its own and only the ones that still
 * fail are dead-lettered, so one poison message never blocks a partition.
 * A transient failure (the database away or restarting, a concurrent writer:
 * `isTransient` in @cairn/core) says nothing about the messages: it is
 * retried, with backoff, for as long as the consumer holds the partition, and
 * never dead-lettered; past `stallAfterRounds` the partition is reported as
 * stalled (metric `cairn_bus_stalled_partition`, an error log naming the
 * partition) until it moves again. An exhausted resource (disk full, out of
 * memory: `isResourceExhausted`) is retried a bounded number of rounds, then
 * counts as a failure of the work. Resolving means every message was handled or
 * dead-lettered: the caller may commit. Throwing (the dead-letter topic itself
 * is unreachable, or the consumer stopped while the failure lasted) means
 * nothing may be committed.
 */
export class BatchProcessor {
  private readonly decode: Decoder;

  constructor(private readonly options: BatchProcessorOptions) {
    this.decode = options.decode ?? contractDecoder(options.logicalTopic);
  }

  async process(batch: MessageBatch): Promise<void> {
    const { group, logicalTopic } = this.options;
    const started = process.hrtime.bigint();
    const beat = setInterval(() => void batch.heartbeat().catch(() => undefined), this.options.heartbeatEveryMs ?? 2_000);
    try {
      const valid: ConsumedMessage[] = [];
      for (const m of batch.messages) {
        const decoded = this.decode(m);
        if (decoded.ok) valid.push(this.toConsumed(m, decoded.value));
        else await this.deadLetter(m, 'CONTRACT_VIOLATION', decoded.problems.map((p) => `${p.path} ${p.message}`).join('; '), 0);
      }
      if (valid.length > 0) await this.handleWithIsolation(batch, valid);
      busMetrics.consumed.inc({ topic: logicalTopic, group }, batch.messages.length);
      busMetrics.batchSize.observe({ topic: logicalTopic, group }, batch.messages.length);
      if (batch.lag !== undefined) busMetrics.lag.set({ topic: logicalTopic, group, partition: String(batch.partition) }, batch.lag);
    } finally {
      clearInterval(beat);
      busMetrics.batchSeconds.observe({ topic: logicalTopic, group }, Number(process.hrtime.bigint() - started) / 1e9);
    }
  }

  private async handleWithIsolation(batch: MessageBatch, valid: ConsumedMessage[]): Promise<void> {
    const { retry } = this.options;
    try {
      await this.attempt(batch, valid);
      return;
    } catch (error) {
      // A transient failure only ends an attempt when the consumer let the partition go: commit nothing.
      if (isTransient(error)) throw error;
      if (valid.length === 1) {
        await this.deadLetter(
          batch.messages.find((m) => m.offset === valid[0].offset)!,
          'HANDLER_FAILED',
          errorText(error),
          retry.attempts,
        );
        return;
      }
    }
    // The batch keeps failing: find the culprits one message at a time, in order.
    // (An exhausted resource already had its rounds on the whole batch: one more each, not as many again per message.)
    for (const message of valid) {
      try {
        await this.attempt(batch, [message], 1);
      } catch (error) {
        if (isTransient(error)) throw error;
        await this.deadLetter(
          batch.messages.find((m) => m.offset === message.offset)!,
          'HANDLER_FAILED',
          errorText(error),
          retry.attempts,
        );
      }
      await batch.heartbeat().catch(() => undefined);
    }
  }

  /** The handler with bounded retries; a transient failure waits and tries again while the partition is ours. */
  private async attempt(batch: MessageBatch, messages: ConsumedMessage[], resourceRounds?: number): Promise<void> {
    const { retry, handle, logicalTopic, group } = this.options;
    const labels = { topic: logicalTopic, group, partition: String(batch.partition) };
    let stalled = false;
    try {
      for (let round = 1, exhausted = 0; ; round++) {
        try {
          await withRetries(
            retry,
            () => handle(messages),
            (e, attempt) => this.onRetry(e, attempt, messages.length),
          );
          return;
        } catch (error) {
          if (batch.isActive && !batch.isActive()) throw error;
          const resource = isResourceExhausted(error);
          const policy = resource ? (this.options.resourceBackoff ?? RESOURCE_BACKOFF) : (this.options.transientBackoff ?? TRANSIENT_BACKOFF);
          if (resource ? ++exhausted >= (resourceRounds ?? policy.attempts) : !isTransient(error)) throw error;
          const delay = backoffDelay(policy, resource ? exhausted : round);
          busMetrics.retries.inc({ topic: logicalTopic, group });
          const fields = { err: errorText(error), round, size: messages.length, topic: logicalTopic, partition: batch.partition, retryInMs: delay };
          if (!stalled && round >= (this.options.stallAfterRounds ?? STALL_AFTER_ROUNDS)) {
            stalled = true;
            busMetrics.stalled.set(labels, 1);
            this.options.logger.error(fields, 'partition stalled: a failure outside the messages keeps recurring; the partition waits and tries again');
          } else {
            this.options.logger.warn(
              fields,
              resource
                ? 'a resource ran out: the partition waits and tries again (bounded)'
                : 'transient failure: the partition waits and tries again (nothing is dead-lettered)',
            );
          }
          await this.pause(batch, delay);
        }
      }
    } finally {
      if (stalled) busMetrics.stalled.set(labels, 0);
    }
  }

  /** Waits in short steps, so a consumer that stops meanwhile is not held up by the backoff. */
  private async pause(batch: MessageBatch, delay: number): Promise<void> {
    for (const until = Date.now() + delay; Date.now() < until && (!batch.isActive || batch.isActive());) {
      await new Promise((r) => setTimeout(r, Math.min(250, until - Date.now())));
    }
  }

  private onRetry(error: unknown, attempt: number, size: number): void {
    busMetrics.retries.inc({ topic: this.options.logicalTopic, group: this.options.group });
    this.options.logger.warn({ err: errorText(error), attempt, size, topic: this.options.logicalTopic }, 'handler failed, retrying');
  }

  private toConsumed(m: IncomingMessage, value: unknown): ConsumedMessage {
    return {
      topic: this.options.logicalTopic,
      partition: m.partition,
      offset: m.offset,
      key: m.key,
      value,
      headers: m.headers,
      timestamp: m.timestamp,
      deliveryId: `${this.options.logicalTopic}/${m.partition}/${m.offset}`,
    };
  }

  private async deadLetter(m: IncomingMessage, code: DeadLetterCode, error: string, attempts: number): Promise<void> {
    const { bus, group, logicalTopic, logger } = this.options;
    await bus.publishBatch([
      {
        topic: dlqTopic(m.topic),
        key: m.key,
        value: m.value,
        headers: {
          ...m.headers,
          [DLQ_HEADERS.code]: code,
          [DLQ_HEADERS.error]: error.slice(0, 2_000),
          [DLQ_HEADERS.topic]: m.topic,
          [DLQ_HEADERS.partition]: String(m.partition),
          [DLQ_HEADERS.offset]: m.offset,
          [DLQ_HEADERS.group]: group,
          [DLQ_HEADERS.attempts]: String(attempts),
          [DLQ_HEADERS.failedAt]: new Date().toISOString(),
        },
      },
    ]);
    busMetrics.deadLettered.inc({ topic: logicalTopic, group, code });
    logger.error({ topic: logicalTopic, partition: m.partition, offset: m.offset, code, error }, 'message dead-lettered');
  }
}

function errorText(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
