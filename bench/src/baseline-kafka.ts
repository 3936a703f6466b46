import { eventKey } from '@cairn/contracts';
import { BusAdapter, OutgoingMessage } from '@cairn/kafka';
import { generateBusEvents } from '../generators';
import { BusFactory } from './bus-factory';
import { latencyHistogram, LatencySummary, nowUs, openLoop, selfCpuUs, summarize } from './measure';
import { progress } from './report';
import { until } from './infra';

export interface PassThroughResult {
  msgsPerSecond: number;
  cpuUsPerMessage: number;
}

/** Values shaped like cairn.events.v1 messages, keyed per user. */
export function eventMessages(topic: string, count: number, seed: number): OutgoingMessage[] {
  return generateBusEvents({ seed, count, users: Math.max(10, Math.floor(count / 10)) }).map((e) => ({
    topic,
    key: eventKey(e),
    value: JSON.stringify(e),
  }));
}

// One publishBatch at a time per producer: kafkajs's idempotent producer (maxInFlightRequests 1)
// gets OutOfOrderSequence errors from the broker and hangs when sendBatch calls overlap.
async function prefill(bus: BusAdapter, messages: OutgoingMessage[], batch = 1000): Promise<void> {
  for (let i = 0; i < messages.length; i += batch) await bus.publishBatch(messages.slice(i, i + batch));
}

/**
 * Sends whatever is queued as one batch as soon as the previous batch was
 * acknowledged, so a producer never has overlapping sends while an open-loop
 * generator keeps enqueueing on schedule.
 */
export class SerialSender {
  private queue: OutgoingMessage[] = [];
  private sending = false;
  readonly failures: Error[] = [];

  constructor(private readonly bus: BusAdapter) {}

  send(message: OutgoingMessage): void {
    this.queue.push(message);
    if (!this.sending) void this.flush();
  }

  private async flush(): Promise<void> {
    this.sending = true;
    while (this.queue.length > 0) {
      const batch = this.queue;
      this.queue = [];
      await this.bus.publishBatch(batch).catch((e: Error) => this.failures.push(e));
    }
    this.sending = false;
  }
}

/**
 * B1 throughput: a backlog of `count` messages on topic A is consumed in
 * batches and each batch is produced to topic B (acks=all) before its offsets
 * commit, the way a service handler works. Timed from the first batch in hand
 * to the last batch acknowledged; CPU is this process's over the same window.
 */
export async function passThroughThroughput(bus: BusFactory, a: string, b: string, count: number, label: string): Promise<PassThroughResult> {
  const filler = bus(`${label}-fill`);
  await filler.connect();
  await filler.ensureTopics([
    { topic: a, partitions: 12 },
    { topic: b, partitions: 12 },
  ]);
  await prefill(filler, eventMessages(a, count, 1));
  await filler.disconnect();
  const relay = bus(`${label}-relay`);
  await relay.connect();
  let done = 0;
  let crashed: Error | undefined;
  let firstAt = 0;
  let cpuAtFirst = 0;
  let lastAt = 0;
  const consumer = await relay.consumeBatch({
    groupId: `${a}pass-through`,
    topics: [a],
    onCrash: (e) => {
      crashed = e;
      progress(`B1 consumer crashed: ${e.message}`);
    },
    handler: async (batch) => {
      if (firstAt === 0) [firstAt, cpuAtFirst] = [performance.now(), selfCpuUs()];
      await relay.publishBatch(batch.messages.map((m) => ({ topic: b, key: m.key, value: m.value, headers: m.headers })));
      done += batch.messages.length;
      lastAt = performance.now();
    },
  });
  let reported = 0;
  let cpu = 0;
  try {
    await until(
      () => {
        if (crashed) throw new Error(`${label}: the consumer gave up: ${crashed.message}`);
        if (done - reported >= count / 4) progress(`  ${label}: ${(reported = done)}/${count}`);
        return done >= count;
      },
      `${label} to pass ${count} messages`,
      300_000,
    );
    cpu = selfCpuUs() - cpuAtFirst;
  } finally {
    await consumer.stop().catch(() => undefined);
    await relay.disconnect().catch(() => undefined);
  }
  return { msgsPerSecond: (count * 1000) / (lastAt - firstAt), cpuUsPerMessage: cpu / count };
}

/**
 * B1 latency: an open-loop generator sends single messages to topic A at
 * `rate`/s; the pass-through forwards them to B; a reader on B records the time
 * from each message's intended send instant to its arrival.
 */
export async function passThroughLatency(bus: BusFactory, a: string, b: string, rate: number, durationMs: number, label: string): Promise<LatencySummary> {
  const [producer, relay, reader] = [bus(`${label}-gen`), bus(`${label}-relay`), bus(`${label}-reader`)];
  for (const c of [producer, relay, reader]) await c.connect();
  await producer.ensureTopics([
    { topic: a, partitions: 12 },
    { topic: b, partitions: 12 },
  ]);
  const histogram = latencyHistogram();
  const consumers = [
    await relay.consumeBatch({
      groupId: `${a}relay`,
      topics: [a],
      fromBeginning: false,
      onCrash: () => undefined,
      handler: async (batch) => relay.publishBatch(batch.messages.map((m) => ({ topic: b, key: m.key, value: m.value }))),
    }),
    await reader.consumeBatch({
      groupId: `${a}reader`,
      topics: [b],
      fromBeginning: false,
      onCrash: () => undefined,
      handler: async (batch) => {
        const now = nowUs();
        for (const m of batch.messages) histogram.recordValue(Math.max(1, now - Number(JSON.parse(m.value.toString()).sentUs)));
      },
    }),
  ];
  await until(() => consumers.every((c) => c.joined), `${label} consumers to join`, 60_000);
  // Joined is not yet assigned-and-fetching: warm the path until a probe comes through.
  const warm = histogram.totalCount;
  await until(
    async () => {
      await producer.publishBatch([{ topic: a, key: 'warm', value: JSON.stringify({ sentUs: nowUs() }) }]);
      return histogram.totalCount > warm;
    },
    `${label} path to be warm`,
    60_000,
    500,
  );
  histogram.reset();
  const sender = new SerialSender(producer);
  const sent = await openLoop(rate, durationMs, (i, intendedUs) => {
    sender.send({ topic: a, key: `k-${i % 1000}`, value: JSON.stringify({ sentUs: intendedUs, i }) });
  });
  await until(() => histogram.totalCount >= sent, `${label} reader to see ${sent} messages`, 60_000);
  for (const c of consumers) await c.stop();
  for (const c of [producer, relay, reader]) await c.disconnect();
  if (sender.failures.length) throw sender.failures[0];
  return summarize(histogram);
}

/**
 * The raw-producer reference for ingest: the same events straight to Kafka
 * with the same client settings, in batches of `batch` one after another (as
 * the events service's outbox relay publishes: 500 per batch, serially).
 */
export async function rawProducer(bus: BusFactory, topic: string, count: number, batch: number, label: string): Promise<number> {
  const producer = bus(`${label}-raw`);
  await producer.connect();
  await producer.ensureTopics([{ topic, partitions: 12 }]);
  const messages = eventMessages(topic, count, 2);
  const started = performance.now();
  for (let i = 0; i < count; i += batch) await producer.publishBatch(messages.slice(i, i + batch));
  const ms = performance.now() - started;
  await producer.disconnect();
  return (count * 1000) / ms;
}
