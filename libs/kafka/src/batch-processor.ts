import { decodeMessage, dlqTopic } from '@cairn/contracts';
import { busMetrics, Logger } from '@cairn/observability';
import { BusAdapter, IncomingMessage, MessageBatch } from './bus.adapter';
import { ConsumedMessage, DeadLetterCode, DLQ_HEADERS } from './consumed-message';
import { isTransient } from '@cairn/core';
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
}

/** How a transient failure is retried: for as long as the consumer holds the partition. */
const TRANSIENT_BACKOFF: RetryPolicy = { attempts: Infinity, baseDelayMs: 250, maxDelayMs: 10_000 };

/**
 * Turns one fetched batch into handler calls with Cairn's delivery rules:
 * messages that break the topic contract go straight to `<topic>.dlq`; the
 * rest are handled as one batch with bounded retries; if the batch keeps
 * failing, each message is retried on its own and only the ones that still
 * fail are dead-lettered, so one poison message never blocks a partition.
 * A transient failure (the database away or restarting, a concurrent writer:
 * `isTransient` in @cairn/core) says nothing about the messages: it is
 * retried, with backoff, for as long as the consumer holds the partition, and
 * never dead-lettered. Resolving means every message was handled or
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
        await this.deadLetter(batch.messages.find((m) => m.offset === valid[0].offset)!, 'HANDLER_FAILED', errorText(error), retry.attempts);
        return;
      }
    }
    // The batch keeps failing: find the culprits one message at a time, in order.
    for (const message of valid) {
      try {
        await this.attempt(batch, [message]);
      } catch (error) {
        if (isTransient(error)) throw error;
        await this.deadLetter(batch.messages.find((m) => m.offset === message.offset)!, 'HANDLER_FAILED', errorText(error), retry.attempts);
      }
      await batch.heartbeat().catch(() => undefined);
    }
  }

  /** The handler with bounded retries; a transient failure waits and tries again while the partition is ours. */
  private async attempt(batch: MessageBatch, messages: ConsumedMessage[]): Promise<void> {
    const { retry, handle } = this.options;
    for (let round = 1; ; round++) {
      try {
        await withRetries(retry, () => handle(messages), (e, attempt) => this.onRetry(e, attempt, messages.length));
        return;
      } catch (error) {
        if (!isTransient(error) || (batch.isActive && !batch.isActive())) throw error;
        const delay = backoffDelay(TRANSIENT_BACKOFF, round);
        busMetrics.retries.inc({ topic: this.options.logicalTopic, group: this.options.group });
        this.options.logger.warn(
          { err: errorText(error), round, size: messages.length, topic: this.options.logicalTopic, retryInMs: delay },
          'transient failure: the partition waits and tries again (nothing is dead-lettered)',
        );
        // Wait in short steps, so a consumer that stops meanwhile is not held up by the backoff.
        for (const until = Date.now() + delay; Date.now() < until && (!batch.isActive || batch.isActive()); ) {
          await new Promise((r) => setTimeout(r, Math.min(250, until - Date.now())));
        }
      }
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
