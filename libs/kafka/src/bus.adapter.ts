/**
 * The small seam between Cairn and a Kafka client. kafkajs implements it for
 * production; the in-process bus implements it for the all-in-one mode. Both
 * give at-least-once delivery with per-key ordering: a batch's offsets are
 * committed only after its handler resolved.
 */
export type Headers = Record<string, string>;

export interface OutgoingMessage {
  topic: string;
  key: string | null;
  value: Buffer | string;
  headers?: Headers;
}

export interface IncomingMessage {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  value: Buffer;
  headers: Headers;
  timestamp: number;
}

export interface MessageBatch {
  topic: string;
  partition: number;
  messages: IncomingMessage[];
  /** Tell the group coordinator we are alive during a long batch. */
  heartbeat(): Promise<void>;
  /** False once the consumer is stopping or lost the partition: whatever is still in hand must not be committed. */
  isActive?(): boolean;
  /** Messages between the batch's last offset and the partition's high watermark, when known. */
  lag?: number;
}

/** Resolving commits offset + 1 of the batch's last message; throwing redelivers the batch. */
export type BatchHandler = (batch: MessageBatch) => Promise<void>;

export interface ConsumeOptions {
  groupId: string;
  topics: string[];
  handler: BatchHandler;
  /** Called when the consumer died and will not restart by itself. */
  onCrash: (error: Error) => void;
  fromBeginning?: boolean;
  /** How many partitions' batches may be handled at the same time (default 1); one partition's batches stay in order. */
  partitionsConcurrently?: number;
}

export interface ConsumerHandle {
  /** True once the consumer has joined its group and has partitions to read. */
  readonly joined: boolean;
  /** Stop fetching new batches (the batch in hand finishes); the consumer stays in its group. */
  pause(): void;
  /** Fetch again after pause(). */
  resume(): void;
  readonly paused: boolean;
  /** Stop fetching, let the batch in hand finish and commit, then leave the group. */
  stop(): Promise<void>;
}

export interface TopicSpec {
  topic: string;
  partitions: number;
}

export interface BusAdapter {
  readonly kind: 'kafka' | 'in-process';
  connect(): Promise<void>;
  ensureTopics(topics: TopicSpec[]): Promise<void>;
  /** Resolves once every message is acknowledged by all in-sync replicas. */
  publishBatch(messages: OutgoingMessage[]): Promise<void>;
  consumeBatch(options: ConsumeOptions): Promise<ConsumerHandle>;
  disconnect(): Promise<void>;
}

export const BUS_ADAPTER = Symbol('CAIRN_BUS_ADAPTER');
