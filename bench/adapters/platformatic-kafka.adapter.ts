import type { KafkaSecurity } from '@cairn/config';
import { BusAdapter, byteChunks, ConsumeOptions, ConsumerHandle, IncomingMessage, OutgoingMessage, TopicSpec } from '@cairn/kafka';
import { Admin, Consumer, Message, MessagesStream, Producer } from '@platformatic/kafka';

export interface PlatformaticKafkaOptions {
  brokers: string[];
  clientId: string;
  /** The same SASL/TLS settings as the services' kafkajs adapter. */
  security?: KafkaSecurity;
  sessionTimeoutMs?: number;
  maxBytesPerPartition?: number;
}

type Raw = Message<Buffer, Buffer, Buffer, Buffer>;

/** Attempts per batch before the consumer gives up, as kafkajs's retry settings in the services' adapter (8 retries). */
const REDELIVERIES = 9;
/** Client-level retries of a failed request, matching the kafkajs adapter (retries 8, from 200 ms). */
const CLIENT_RETRY = { retries: 8, retryDelay: 200 };

/** Connection options of every client from Cairn's security settings. */
function connectionOptions(security: KafkaSecurity = {}): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (security.tls)
    out.tls = {
      rejectUnauthorized: true,
      ...(security.tls.ca ? { ca: [security.tls.ca] } : {}),
      ...(security.tls.cert ? { cert: security.tls.cert, key: security.tls.key } : {}),
    };
  if (security.sasl) out.sasl = { mechanism: security.sasl.mechanism.toUpperCase(), username: security.sasl.username, password: security.sasl.password };
  return out;
}

function toIncoming(m: Raw): IncomingMessage {
  const headers: Record<string, string> = {};
  for (const [k, v] of m.headers) headers[k.toString('utf8')] = v.toString('utf8');
  return {
    topic: m.topic,
    partition: m.partition,
    offset: m.offset.toString(),
    key: m.key && m.key.length > 0 ? m.key.toString('utf8') : null,
    value: m.value ?? Buffer.alloc(0),
    headers,
    timestamp: Number(m.timestamp),
  };
}

/**
 * The BusAdapter on @platformatic/kafka, with the same guarantees as the
 * kafkajs adapter: idempotent acks=all produce, batches of one partition
 * handed to the handler, offsets committed only after it resolved. The stream
 * is paused while a batch is handled, so a partition's batches never overlap.
 */
export class PlatformaticKafkaAdapter implements BusAdapter {
  readonly kind = 'kafka' as const;
  private producer?: Producer<Buffer, Buffer, Buffer, Buffer>;
  private admin?: Admin;
  private readonly closers = new Set<() => Promise<void>>();

  constructor(private readonly options: PlatformaticKafkaOptions) {}

  async connect(): Promise<void> {
    this.producer = new Producer({
      clientId: this.options.clientId,
      bootstrapBrokers: this.options.brokers,
      ...connectionOptions(this.options.security),
      idempotent: true,
      acks: -1,
      autocreateTopics: false,
      ...CLIENT_RETRY,
    });
  }

  async ensureTopics(topics: TopicSpec[]): Promise<void> {
    this.admin ??= new Admin({
      clientId: `${this.options.clientId}-admin`,
      bootstrapBrokers: this.options.brokers,
      ...connectionOptions(this.options.security),
    });
    const existing = new Set(await this.admin.listTopics());
    const missing = topics.filter((t) => !existing.has(t.topic));
    for (const t of missing) await this.admin.createTopics({ topics: [t.topic], partitions: t.partitions, replicas: -1 });
  }

  async publishBatch(messages: OutgoingMessage[]): Promise<void> {
    if (messages.length === 0) return;
    if (!this.producer) throw new Error('the Kafka producer is not connected');
    // In requests under the broker's message.max.bytes, as the kafkajs adapter sends: one partition's messages go in
    // one record batch, and a consumer's batch handed on whole can be larger (the broker answers MESSAGE_TOO_LARGE).
    for (const chunk of byteChunks(messages)) await this.sendChunk(chunk);
  }

  private async sendChunk(messages: OutgoingMessage[]): Promise<void> {
    await this.producer!.send({
      acks: -1,
      messages: messages.map((m) => ({
        topic: m.topic,
        key: m.key === null ? undefined : Buffer.from(m.key),
        value: Buffer.isBuffer(m.value) ? m.value : Buffer.from(m.value),
        headers: new Map(Object.entries(m.headers ?? {}).map(([k, v]) => [Buffer.from(k), Buffer.from(v)])),
      })),
    });
  }

  async consumeBatch(options: ConsumeOptions): Promise<ConsumerHandle> {
    const consumer = new Consumer({
      clientId: this.options.clientId,
      bootstrapBrokers: this.options.brokers,
      ...connectionOptions(this.options.security),
      groupId: options.groupId,
      ...CLIENT_RETRY,
      sessionTimeout: this.options.sessionTimeoutMs ?? 10_000,
      heartbeatInterval: 3_000,
      maxBytesPerPartition: this.options.maxBytesPerPartition ?? 1_048_576,
      maxWaitTime: 500,
      autocommit: false,
    });
    const stream: MessagesStream<Buffer, Buffer, Buffer, Buffer> = await consumer.consume({
      topics: options.topics,
      mode: 'committed',
      fallbackMode: options.fromBeginning === false ? 'latest' : 'earliest',
      autocommit: false,
    });
    const state = { joined: true, stopping: false, paused: false, busy: Promise.resolve() };
    let pending: Raw[] = [];
    // Like kafkajs, a batch whose handler throws is handed over again (after a pause) until it
    // succeeds; only then is its offset committed. Gives up (onCrash) after REDELIVERIES attempts.
    const handleWithRedelivery = async (list: Raw[]) => {
      for (let attempt = 1; ; attempt++) {
        try {
          await options.handler({ topic: list[0].topic, partition: list[0].partition, messages: list.map(toIncoming), heartbeat: async () => undefined });
          await list[list.length - 1].commit();
          return;
        } catch (error) {
          if (attempt >= REDELIVERIES || state.stopping) throw error;
          await new Promise((r) => setTimeout(r, Math.min(5_000, 200 * 2 ** (attempt - 1))));
        }
      }
    };
    const drain = async () => {
      while (pending.length > 0) {
        const taken = pending;
        pending = [];
        const byPartition = new Map<string, Raw[]>();
        for (const m of taken) {
          const key = `${m.topic}\u0000${m.partition}`;
          byPartition.set(key, [...(byPartition.get(key) ?? []), m]);
        }
        for (const list of byPartition.values()) await handleWithRedelivery(list);
      }
    };
    stream.on('data', (m: Raw) => {
      pending.push(m);
      if (pending.length !== 1) return;
      // Let the rest of the fetch arrive in this tick, then handle it with the stream paused.
      setImmediate(() => {
        stream.pause();
        state.busy = drain()
          .catch((e: Error) => {
            if (!state.stopping) options.onCrash(e);
          })
          .finally(() => {
            if (!state.stopping && !state.paused) stream.resume();
          });
      });
    });
    stream.on('error', (e: Error) => {
      state.joined = false;
      if (!state.stopping) options.onCrash(e);
    });
    const close = async () => {
      state.stopping = true;
      await state.busy;
      await stream.close().catch(() => undefined);
      await consumer.close().catch(() => undefined);
    };
    this.closers.add(close);
    // Built as a variable so it also fits a ConsumerHandle without pause/resume.
    const handle = {
      get joined() {
        return state.joined;
      },
      get paused() {
        return state.paused;
      },
      pause: () => {
        state.paused = true;
        stream.pause();
      },
      resume: () => {
        state.paused = false;
        stream.resume();
      },
      stop: async () => {
        this.closers.delete(close);
        await close();
      },
    };
    return handle;
  }

  async disconnect(): Promise<void> {
    for (const close of [...this.closers]) await close();
    this.closers.clear();
    await this.producer?.close();
    await this.admin?.close();
  }
}
