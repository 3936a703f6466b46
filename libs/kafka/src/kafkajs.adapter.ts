import type { KafkaSecurity } from '@cairn/config';
import { Admin, Consumer, Kafka, KafkaConfig, logLevel, Producer, SASLOptions } from 'kafkajs';
import { BusAdapter, ConsumeOptions, ConsumerHandle, IncomingMessage, OutgoingMessage, TopicSpec } from './bus.adapter';
import { byteChunks } from './byte-chunks';
import { OffsetCommits } from './offset-commits';

export interface KafkaJsOptions {
  brokers: string[];
  clientId: string;
  /** SASL and TLS (config.kafka.security); plaintext without. */
  security?: KafkaSecurity;
  /** Consumer session timeout (default 10 s); heartbeats keep long batches alive. */
  sessionTimeoutMs?: number;
  maxBytesPerPartition?: number;
  /**
   * Most bytes one fetch returns over all partitions (default 4 MiB; kafkajs's own is 10 MiB). A fetch is held
   * in memory, decoded, while its partitions' batches are handled: 4 MiB took 30 MiB off the peak RSS of a
   * pass-through process at the same CPU per message. The services pass 2 MiB (libs/runtime, start-service.ts).
   */
  maxBytes?: number;
  /**
   * Most often a consumer commits offsets (default 200 ms; 0 commits after every batch). The batches that finish
   * within the interval after a commit commit together at its end (OffsetCommits); what a consumer handled but did
   * not commit yet is delivered again after a rebalance or a crash, and the consumers are idempotent. The group's
   * lag, as monitoring reads it from committed offsets, runs up to the interval behind: 1 s made a drained stack
   * look behind long enough to slow the bench's burst figure by a third. 200 ms allows at most 5 commits a second
   * per consumer, where journeys made about 50 at 100 events/s with a commit per batch.
   */
  commitIntervalMs?: number;
}

function toHeaders(raw: Record<string, unknown> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw ?? {})) {
    if (v !== undefined && v !== null) out[k] = Buffer.isBuffer(v) ? v.toString('utf8') : String(v);
  }
  return out;
}

/**
 * kafkajs's client settings for Cairn's brokers and security settings. Every
 * Kafka client Cairn creates (services, relays, topic creation, the local
 * stack, the bench) is built from this, so SASL and TLS apply to all of them.
 */
export function kafkaJsClientConfig(brokers: string[], clientId: string, security: KafkaSecurity = {}): KafkaConfig {
  const config: KafkaConfig = { clientId, brokers, logLevel: logLevel.NOTHING };
  if (security.tls) {
    const { ca, cert, key } = security.tls;
    config.ssl = ca || cert ? { rejectUnauthorized: true, ...(ca ? { ca: [ca] } : {}), ...(cert ? { cert, key } : {}) } : true;
  }
  if (security.sasl) config.sasl = { ...security.sasl } as SASLOptions;
  return config;
}

/** The production adapter on kafkajs. */
export class KafkaJsAdapter implements BusAdapter {
  readonly kind = 'kafka' as const;
  private readonly kafka: Kafka;
  private producer?: Producer;
  private admin?: Admin;
  /** Each running consumer's stop (it commits what waits for the commit interval, then leaves the group). */
  private readonly consumers = new Map<Consumer, () => Promise<void>>();
  /** Sends run one at a time: overlapping sendBatch calls on kafkajs's idempotent producer get OutOfOrderSequence errors and can hang. */
  private sending: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: KafkaJsOptions) {
    this.kafka = new Kafka({
      ...kafkaJsClientConfig(options.brokers, options.clientId, options.security),
      retry: { retries: 8, initialRetryTime: 200, maxRetryTime: 5_000 },
    });
  }

  /** Connects the producer (and so authenticates); a failed attempt leaves nothing open, so connect() can be called again. */
  async connect(): Promise<void> {
    const producer = this.kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
    try {
      await producer.connect();
    } catch (error) {
      await producer.disconnect().catch(() => undefined);
      throw error;
    }
    this.producer = producer;
  }

  /**
   * Creates the missing topics and waits until every partition of every named
   * topic has a leader, also when another process created them a moment ago
   * (services starting together would otherwise subscribe to a topic whose
   * partitions are not served yet).
   */
  async ensureTopics(topics: TopicSpec[]): Promise<void> {
    if (topics.length === 0) return;
    this.admin ??= this.kafka.admin();
    await this.admin.connect();
    const existing = new Set(await this.admin.listTopics());
    const missing = topics.filter((t) => !existing.has(t.topic));
    if (missing.length > 0) {
      try {
        // kafkajs's own wait gives up when Kafka 4 briefly answers UNKNOWN_TOPIC_OR_PARTITION for a
        // topic it just created; waitForLeaders below retries through that.
        await this.admin.createTopics({
          waitForLeaders: false,
          topics: missing.map((t) => ({ topic: t.topic, numPartitions: t.partitions, replicationFactor: -1 })),
        });
      } catch (error) {
        // Another process may have created them between listTopics and createTopics.
        if ((error as { type?: string }).type !== 'TOPIC_ALREADY_EXISTS') throw error;
      }
    }
    await this.waitForLeaders(topics.map((t) => t.topic));
  }

  private async waitForLeaders(names: string[], timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const ready = await this.admin!.fetchTopicMetadata({ topics: names }).then(
        (m) => m.topics.length === names.length && m.topics.every((t) => t.partitions.length > 0 && t.partitions.every((p) => p.leader >= 0)),
        () => false,
      );
      if (ready) return;
      if (Date.now() > deadline) throw new Error(`topics ${names.join(', ')} have no leaders after ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  async publishBatch(messages: OutgoingMessage[]): Promise<void> {
    if (messages.length === 0) return;
    const send = this.sending.then(() => this.send(messages));
    this.sending = send.catch(() => undefined);
    await send;
  }

  /**
   * Sends in order, in requests of at most MAX_SEND_BYTES: kafkajs puts a partition's messages in one record batch,
   * which the broker refuses (MESSAGE_TOO_LARGE) past its `message.max.bytes`, and a consumer's batch handed on
   * whole (up to `maxBytesPerPartition` of one partition) can be that large.
   */
  private async send(messages: OutgoingMessage[]): Promise<void> {
    for (const chunk of byteChunks(messages)) await this.sendChunk(chunk);
  }

  private async sendChunk(messages: OutgoingMessage[]): Promise<void> {
    // A producer replaced after a failure whose new one could not connect then (the broker away) connects now.
    if (!this.producer) await this.connect();
    const byTopic = new Map<string, OutgoingMessage[]>();
    for (const m of messages) {
      const list = byTopic.get(m.topic);
      if (list) list.push(m);
      else byTopic.set(m.topic, [m]);
    }
    try {
      await this.sendOnce(byTopic);
    } catch (error) {
      // After a failed send the broker may hold batches of it the client never heard back about, and kafkajs's
      // idempotent producer may then number the next send's batches as it numbered those: the broker takes such a
      // batch for a retry of the one it has, answers success and keeps none of it (a loss: the outbox relay deletes
      // rows that never reached the log; seen in the chaos harness around broker kills, and reproduced with a proxy
      // that loses produce answers in libs/testing's producer-faults.int.spec.ts), or refuses every later
      // send as out of order. So no producer sends again after a failure: a new one (a new producer id, sequences
      // from 0) sends the batch the caller retries; what the old one had written is then in the log twice, which
      // consumers' idempotence absorbs.
      const failed = this.producer;
      this.producer = undefined;
      await failed?.disconnect().catch(() => undefined);
      await this.connect().catch(() => undefined);
      throw error;
    }
  }

  private async sendOnce(byTopic: Map<string, OutgoingMessage[]>): Promise<void> {
    await this.producer!.sendBatch({
      acks: -1,
      topicMessages: [...byTopic].map(([topic, list]) => ({
        topic,
        messages: list.map((m) => ({ key: m.key, value: m.value, headers: m.headers })),
      })),
    });
  }

  async consumeBatch(options: ConsumeOptions): Promise<ConsumerHandle> {
    const consumer = this.kafka.consumer({
      groupId: options.groupId,
      // A group whose coordinator died consumes again only once the session of its old membership ran out (measured
      // with a 3-node cluster, kill -9 of the coordinator, restart after 5 s: 29.5 s with 30 s, 9.3 s with 10 s).
      // Heartbeats go every 3 s, also during a long batch, so only an event loop stalled for 10 s loses its partitions.
      sessionTimeout: this.options.sessionTimeoutMs ?? 10_000,
      heartbeatInterval: 3_000,
      maxBytesPerPartition: this.options.maxBytesPerPartition ?? 1_048_576,
      maxBytes: this.options.maxBytes ?? 4_194_304,
      // A fetch returns as soon as there is data; this only bounds an idle fetch (and so how long stop() waits).
      maxWaitTimeInMs: 500,
      allowAutoTopicCreation: false,
    });
    const state = { joined: false, stopping: false, paused: false };
    const commits = new OffsetCommits(this.options.commitIntervalMs ?? 200);
    // A rebalance begins: commit what waits while this member's generation still may (the group is preparing).
    consumer.on(consumer.events.REBALANCING, () => void commits.flush().catch(() => undefined));
    consumer.on(consumer.events.GROUP_JOIN, () => {
      state.joined = true;
      commits.forget();
    });
    consumer.on(consumer.events.CRASH, (event) => {
      state.joined = false;
      // kafkajs restarts by itself when the error is retriable; otherwise the consumer is dead.
      if (!event.payload.restart && !state.stopping) options.onCrash(event.payload.error);
    });
    await consumer.connect();
    await consumer.subscribe({ topics: options.topics, fromBeginning: options.fromBeginning ?? true });
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: options.partitionsConcurrently ?? 1,
      eachBatch: async ({ batch, heartbeat, isRunning, isStale, resolveOffset, commitOffsetsIfNecessary }) => {
        if (batch.messages.length === 0) return;
        const messages: IncomingMessage[] = batch.messages.map((m) => ({
          topic: batch.topic,
          partition: batch.partition,
          offset: m.offset,
          key: m.key ? m.key.toString('utf8') : null,
          value: m.value ?? Buffer.alloc(0),
          headers: toHeaders(m.headers as Record<string, unknown>),
          timestamp: Number(m.timestamp),
        }));
        const isActive = () => isRunning() && !isStale();
        await options.handler({ topic: batch.topic, partition: batch.partition, messages, heartbeat, isActive, lag: Number(batch.offsetLag()) });
        // Tell kafkajs where the next fetch starts, then commit offset + 1 to the group, now or at the interval's end.
        // (consumer.commitOffsets() is skipped silently once stop() began; the batch's own commit function is not,
        // so the batch in hand still commits during a drain: at once, as the consumer is leaving.)
        resolveOffset(batch.lastOffset());
        const next = (BigInt(batch.lastOffset()) + 1n).toString();
        await commits.finished({ topic: batch.topic, partition: batch.partition, offset: next, commit: commitOffsetsIfNecessary }, state.stopping);
      },
    });
    const topics = options.topics.map((topic) => ({ topic }));
    const stop = async () => {
      state.stopping = true;
      // What waits for the commit interval commits now; disconnect() then waits for the batch in hand (whose
      // offset commits at once) before leaving the group.
      await commits.flush().catch(() => undefined);
      await consumer.disconnect();
      this.consumers.delete(consumer);
    };
    this.consumers.set(consumer, stop);
    return {
      get joined() {
        return state.joined;
      },
      get paused() {
        return state.paused;
      },
      pause: () => {
        state.paused = true;
        consumer.pause(topics);
      },
      resume: () => {
        state.paused = false;
        consumer.resume(topics);
      },
      stop,
    };
  }

  async disconnect(): Promise<void> {
    for (const stop of [...this.consumers.values()]) await stop();
    this.consumers.clear();
    await this.producer?.disconnect();
    await this.admin?.disconnect();
  }
}
