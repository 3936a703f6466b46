import { dlqTopic } from '@cairn/contracts';
import { Logger } from '@cairn/observability';
import { BaseRpcContext, CustomTransportStrategy, Server } from '@nestjs/microservices';
import { lastValueFrom } from 'rxjs';
import { BusAdapter, ConsumerHandle } from './bus.adapter';
import { BatchProcessor, Decoder } from './batch-processor';
import { ConsumedMessage } from './consumed-message';
import { DEFAULT_RETRY, RetryPolicy } from './retry';
import { runConsumed } from '@cairn/observability';

/** The context a batch handler gets with `@Ctx()`. */
export class BatchContext extends BaseRpcContext<[string, number]> {
  constructor(topic: string, partition: number) {
    super([topic, partition]);
  }
  get topic(): string {
    return this.args[0];
  }
  get partition(): number {
    return this.args[1];
  }
}

export interface BatchTransportOptions {
  bus: BusAdapter;
  groupId: string;
  topicPrefix?: string;
  retry?: RetryPolicy;
  logger: Logger;
  /** Called when the consumer died for good. Default: log and exit so the orchestrator restarts us. */
  onFatal?: (error: Error) => void;
  decoders?: Record<string, Decoder>;
  /** How many partitions' batches handlers may work on at the same time (default 1; see ConsumeOptions). */
  partitionsConcurrently?: number;
}

/**
 * A @nestjs/microservices transport strategy. Handlers stay `@EventPattern(topic)`
 * methods, but each call receives a whole batch (`ConsumedMessage[]`) of one
 * partition, and the batch's offsets are committed only after the handler
 * resolved, that is after its database transaction committed. See
 * BatchProcessor for retries and dead-lettering.
 */
export class BatchTransport extends Server implements CustomTransportStrategy {
  private consumer?: ConsumerHandle;
  private closing?: Promise<void>;
  private pauseWanted = false;

  constructor(private readonly options: BatchTransportOptions) {
    super();
  }

  get joined(): boolean {
    return this.consumer?.joined ?? false;
  }

  /**
   * Stop fetching (the batch in hand finishes) while something downstream is
   * down, e.g. a provider's circuit breaker is open, instead of burning retries.
   */
  pause(): void {
    this.pauseWanted = true;
    this.consumer?.pause();
  }

  resume(): void {
    this.pauseWanted = false;
    this.consumer?.resume();
  }

  /** A pause asked for while the consumer was still joining holds once it joined. */
  get paused(): boolean {
    return this.consumer?.paused ?? this.pauseWanted;
  }

  listen(callback: (error?: unknown) => void): void {
    this.start().then(
      () => callback(),
      (error) => callback(error),
    );
  }

  private async start(): Promise<void> {
    const { bus, logger, topicPrefix = '' } = this.options;
    const patterns = [...this.messageHandlers.keys()];
    if (patterns.length === 0) return;
    const processors = new Map<string, BatchProcessor>();
    for (const pattern of patterns) {
      processors.set(
        topicPrefix + pattern,
        new BatchProcessor({
          bus,
          group: this.options.groupId,
          logicalTopic: pattern,
          retry: this.options.retry ?? DEFAULT_RETRY,
          logger,
          decode: this.options.decoders?.[pattern],
          handle: (messages) => this.invoke(pattern, messages),
        }),
      );
    }
    await bus.ensureTopics([...processors.keys()].flatMap((t) => [{ topic: dlqTopic(t), partitions: 1 }]));
    this.consumer = await bus.consumeBatch({
      groupId: topicPrefix + this.options.groupId,
      topics: [...processors.keys()],
      handler: (batch) => processors.get(batch.topic)!.process(batch),
      onCrash: (error) => this.fatal(error),
      partitionsConcurrently: this.options.partitionsConcurrently,
    });
    if (this.pauseWanted) this.consumer.pause();
    logger.info({ topics: patterns, group: this.options.groupId }, 'consumer started');
  }

  private async invoke(pattern: string, messages: ConsumedMessage[]): Promise<void> {
    // The patterns are the keys of messageHandlers themselves (see start); Nest's getHandlerByPattern would first try
    // JSON.parse on the topic name and catch the SyntaxError, on every batch.
    const handler = this.messageHandlers.get(pattern);
    if (!handler) throw new Error(`no handler for ${pattern}`);
    const context = new BatchContext(pattern, messages[0].partition);
    await runConsumed(
      messages[0].topic,
      () => messages.map((m) => m.headers.traceparent),
      messages[0].headers.traceparent,
      async () => {
        const result = await handler(messages, context);
        await lastValueFrom(this.transformToObservable(result), { defaultValue: undefined });
      },
    );
  }

  private fatal(error: Error): void {
    this.options.logger.fatal({ err: error.message }, 'the Kafka consumer crashed and will not recover; exiting');
    if (this.options.onFatal) this.options.onFatal(error);
    else process.exit(70);
  }

  /** Stop fetching, finish and commit the batch in hand, leave the group. Safe to call twice. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      await this.consumer?.stop();
      this.consumer = undefined;
    })();
    return this.closing;
  }

  on(): never {
    throw new Error('BatchTransport emits no events');
  }

  unwrap<T>(): T {
    return this.options.bus as T;
  }
}
