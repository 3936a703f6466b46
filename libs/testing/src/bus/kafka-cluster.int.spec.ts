import { runMigrations } from '@cairn/db';
import { addToOutbox, IncomingMessage, KafkaJsAdapter, OutboxRelay } from '@cairn/kafka';
import { createLogger } from '@cairn/observability';
import { Kafka, logLevel } from 'kafkajs';
import { DataSource } from 'typeorm';
import { probeDataSource } from '../fixtures/probe-consumer';
import { createTestDatabase, testTopicPrefix, TestDatabase } from '../infra/isolation';
import { KafkaCluster, startKafkaCluster } from '../infra/kafka-cluster';
import { cacheRoot } from '../infra/resolve';
import { waitFor } from '../infra/util';

/**
 * Cairn's bus on a 3-node KRaft cluster of this file's own (replication
 * factor 3, min.insync.replicas 2): a partition leader killed with SIGKILL in
 * the middle of a burst through the outbox loses nothing that was
 * acknowledged (a batch sent again may be in the log twice), and a consumer group keeps its
 * committed offsets across a restart of its coordinator.
 */
let cluster: KafkaCluster;
let db: TestDatabase;
let dataSource: DataSource;
let bus: KafkaJsAdapter;
// Relay failures are logged, so a stalled drain shows why.
const logger = createLogger({ level: 'warn', service: 'test' });

beforeAll(async () => {
  [cluster, db] = await Promise.all([startKafkaCluster(cacheRoot()), createTestDatabase()]);
  dataSource = await probeDataSource(db.url);
  await runMigrations(dataSource);
  bus = new KafkaJsAdapter({ brokers: cluster.brokers.split(','), clientId: 'cluster-test' });
  await bus.connect();
}, 150_000);

afterAll(async () => {
  await bus?.disconnect();
  await dataSource?.destroy();
  await db?.drop();
  await cluster?.stop();
});

function seqOf(m: IncomingMessage): number {
  return (JSON.parse(m.value.toString()) as { seq: number }).seq;
}

async function readAll(groupId: string, topic: string, expected: number): Promise<IncomingMessage[]> {
  const seen: IncomingMessage[] = [];
  const reader = await bus.consumeBatch({ groupId, topics: [topic], handler: async (b) => void seen.push(...b.messages), onCrash: () => undefined });
  try {
    await waitFor(() => new Set(seen.map(seqOf)).size >= expected, { what: `${expected} distinct messages on ${topic}`, timeoutMs: 60_000 });
  } finally {
    await reader.stop();
  }
  return seen;
}

/** The group coordinator: the leader of the __consumer_offsets partition of the group id (Java's String.hashCode). */
async function coordinatorOf(groupId: string): Promise<number> {
  let hash = 0;
  for (const c of groupId) hash = (Math.imul(31, hash) + c.charCodeAt(0)) | 0;
  return cluster.partitionLeader('__consumer_offsets', Math.abs(hash) % 10);
}

it('creates topics at the cluster replication factor, min.insync.replicas 2', async () => {
  const topic = `${testTopicPrefix()}replicated`;
  await bus.ensureTopics([{ topic, partitions: 2 }]);
  const admin = new Kafka({ brokers: cluster.brokers.split(','), logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    // ensureTopics waited for leaders as one broker saw them; this admin may ask another, whose metadata cache learns
    // of the new topic a moment later (UNKNOWN_TOPIC_OR_PARTITION until then, which producers and consumers retry).
    const meta = await waitFor(
      async () => {
        const m = await admin.fetchTopicMetadata({ topics: [topic] });
        return m.topics[0]?.partitions.length === 2 ? m : undefined;
      },
      { what: `metadata of ${topic}` },
    );
    expect(meta.topics[0].partitions.map((p) => p.replicas.length)).toEqual([3, 3]);
    const config = await waitFor(
      () => admin.describeConfigs({ includeSynonyms: false, resources: [{ type: 2, name: topic, configNames: ['min.insync.replicas'] }] }),
      { what: `configs of ${topic}` },
    );
    expect(config.resources[0].configEntries.map((e) => [e.configName, e.configValue])).toEqual([['min.insync.replicas', '2']]);
  } finally {
    await admin.disconnect();
  }
});

it('loses nothing acknowledged when the leader is killed (kill -9) during a burst through the outbox, and keeps each key in order', async () => {
  const prefix = testTopicPrefix();
  const topic = `${prefix}burst`;
  await bus.ensureTopics([{ topic, partitions: 1 }]);
  const relay = new OutboxRelay({ dataSource, schema: 'probe', bus, topicPrefix: prefix, logger, idleMs: 20 });
  relay.start();
  const TOTAL = 3_000;
  const PER_TX = 20;
  const leader = await cluster.partitionLeader(topic, 0);
  let killed = false;
  try {
    for (let i = 0; i < TOTAL; i += PER_TX) {
      const messages = Array.from({ length: PER_TX }, (_, j) => ({ topic: 'burst', key: `k-${(i + j) % 13}`, value: JSON.stringify({ seq: i + j }) }));
      await dataSource.transaction((m) => addToOutbox(m, 'probe', messages));
      relay.nudge();
      if (!killed && i >= TOTAL / 3) {
        // Mid-burst: the relay has published some of it and is publishing more.
        await cluster.node(leader).kill('SIGKILL');
        killed = true;
      }
    }
    expect(await cluster.partitionLeader(topic, 0)).not.toBe(leader);
    await waitFor(async () => (await relay.pending()) === 0, { what: 'the outbox drained past the leader change', timeoutMs: 60_000 });
  } finally {
    await relay.stop();
    if (killed) await cluster.node(leader).restart();
  }
  await cluster.fullyReplicated([topic]);

  const seen = await readAll(`${prefix}reader`, topic, TOTAL);
  // Every acknowledged message is in the log. A batch the relay sent again after the leader change may be in it twice
  // (the outbox relays at least once; consumers drop a message they have handled by its id), so duplicates are
  // counted by seq, and per key the first copies keep the order they were written in.
  const firstSeen = new Map<number, IncomingMessage>();
  for (const m of seen) if (!firstSeen.has(seqOf(m))) firstSeen.set(seqOf(m), m);
  expect(firstSeen.size).toBe(TOTAL);
  expect([...firstSeen.keys()].every((seq) => seq >= 0 && seq < TOTAL)).toBe(true);
  const firsts = [...firstSeen.values()];
  for (let k = 0; k < 13; k++) {
    const own = firsts.filter((m) => m.key === `k-${k}`).map(seqOf);
    expect({ key: k, ordered: own.every((s, i) => i === 0 || s > own[i - 1]) }).toEqual({ key: k, ordered: true });
  }
});

it('a consumer group keeps its committed offsets across a kill and restart of its coordinator: no committed batch comes again', async () => {
  const prefix = testTopicPrefix();
  const topic = `${prefix}group`;
  const groupId = `${prefix}group`;
  await bus.ensureTopics([{ topic, partitions: 3 }]);
  const deliveries = new Map<number, number>();
  const consumer = await bus.consumeBatch({
    groupId,
    topics: [topic],
    handler: async (b) => {
      for (const m of b.messages) deliveries.set(seqOf(m), (deliveries.get(seqOf(m)) ?? 0) + 1);
    },
    onCrash: () => undefined,
  });
  const publish = (from: number, count: number) =>
    bus.publishBatch(Array.from({ length: count }, (_, i) => ({ topic, key: `k-${(from + i) % 7}`, value: JSON.stringify({ seq: from + i }) })));
  const publishUntilAcknowledged = (from: number, count: number) =>
    waitFor(async () => (await publish(from, count), true), { what: `messages ${from}–${from + count - 1} acknowledged`, timeoutMs: 60_000 });
  const admin = new Kafka({ brokers: cluster.brokers.split(','), logLevel: logLevel.NOTHING, retry: { retries: 3 } }).admin();
  await admin.connect();
  try {
    await publish(0, 600);
    // Every message handled and its offset committed: the group's offsets are at the end of every partition.
    await waitFor(
      async () => {
        const ends = await admin.fetchTopicOffsets(topic);
        const committed = (await admin.fetchOffsets({ groupId, topics: [topic] }))[0].partitions;
        // An empty partition has nothing to commit (-1).
        if (ends.every((e) => e.high === '0' || committed.find((c) => c.partition === e.partition)?.offset === e.high)) return true;
        throw new Error(`handled ${deliveries.size}, ends ${JSON.stringify(ends)}, committed ${JSON.stringify(committed)}`);
      },
      { what: 'the first 600 committed', timeoutMs: 60_000 },
    );
    const coordinator = await coordinatorOf(groupId);
    await cluster.node(coordinator).kill('SIGKILL');
    try {
      // Until the controller fences the killed node its partitions have no reachable leader, and a send may be refused
      // outright (ECONNREFUSED): it is sent again, as the outbox relay does. Messages sent twice are counted once below.
      await Promise.all([0, 1, 2].map((p) => cluster.partitionLeader(topic, p)));
      await publishUntilAcknowledged(600, 300);
    } finally {
      await cluster.node(coordinator).restart();
    }
    await publishUntilAcknowledged(900, 300);
    await waitFor(() => deliveries.size === 1_200, { what: 'all 1,200 messages handled', timeoutMs: 90_000 });
  } finally {
    await consumer.stop();
    await admin.disconnect();
  }
  const again = [...deliveries].filter(([seq, n]) => seq < 600 && n > 1).map(([seq]) => seq);
  expect(again).toEqual([]);
});
