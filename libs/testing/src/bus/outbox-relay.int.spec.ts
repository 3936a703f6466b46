import { DEDUPE_HORIZON_MS, listFailedWork, pruneProcessedKeys, runMigrations, takeFailedWork } from '@cairn/db';
import { addToOutbox, BusAdapter, IncomingMessage, KafkaJsAdapter, OutboxRelay, OutgoingMessage, requeueOutboxMessage } from '@cairn/kafka';
import { ConfigResourceTypes, Kafka, logLevel } from 'kafkajs';
import { busMetrics, createLogger } from '@cairn/observability';
import { DataSource } from 'typeorm';
import { probeDataSource } from '../fixtures/probe-consumer';
import { createTestDatabase, testInfra, testTopicPrefix, TestDatabase } from '../infra/isolation';
import { waitFor } from '../infra/util';

/**
 * The outbox relay against a real broker and Postgres: a backlog larger than
 * one pass and larger than one send is published exactly once, in order per
 * key, and leaves the outbox empty.
 */
const ROWS = 4_500;
const KEYS = 7;
const VALUE = 'x'.repeat(600);

let db: TestDatabase;
let dataSource: DataSource;
let bus: KafkaJsAdapter;

beforeAll(async () => {
  db = await createTestDatabase();
  dataSource = await probeDataSource(db.url);
  await runMigrations(dataSource);
  bus = new KafkaJsAdapter({ brokers: [testInfra().kafkaBrokers], clientId: 'outbox-relay-test' });
  await bus.connect();
});

afterAll(async () => {
  await bus?.disconnect();
  await dataSource?.destroy();
  await db?.drop();
});

it(`publishes a backlog of ${ROWS} rows (several passes, several sends each) exactly once, in order per key`, async () => {
  const prefix = testTopicPrefix();
  await bus.ensureTopics([{ topic: `${prefix}relay`, partitions: 3 }]);
  const messages = Array.from({ length: ROWS }, (_, i) => ({ topic: 'relay', key: `k-${i % KEYS}`, value: JSON.stringify({ seq: i, pad: VALUE }) }));
  await dataSource.transaction((m) => addToOutbox(m, 'probe', messages));
  const relay = new OutboxRelay({
    dataSource,
    schema: 'probe',
    bus,
    topicPrefix: prefix,
    logger: createLogger({ level: 'silent', service: 'test' }),
    batchSize: 2_000,
    maxSendBytes: 100_000,
  });
  const passes: number[] = [];
  const pending: number[] = [];
  const gauge = async () => (await busMetrics.outboxPending.get()).values.find((v) => v.labels.schema === 'probe')?.value;
  for (let n = await relay.pass(); n > 0; n = await relay.pass()) {
    passes.push(n);
    pending.push((await gauge())!);
  }
  expect(passes).toEqual([2_000, 2_000, 500]);
  // cairn_outbox_pending_messages after each pass: what the pass left behind.
  expect(pending).toEqual([2_500, 500, 0]);
  const [{ left }] = await dataSource.query(`SELECT count(*)::int AS left FROM probe.outbox`);
  expect(left).toBe(0);

  const seen: IncomingMessage[] = [];
  const reader = await bus.consumeBatch({
    groupId: `${prefix}reader`,
    topics: [`${prefix}relay`],
    handler: async (b) => void seen.push(...b.messages),
    onCrash: () => undefined,
  });
  await waitFor(() => seen.length >= ROWS, { what: `${ROWS} relayed messages`, timeoutMs: 60_000 });
  await reader.stop();
  const seqs = seen.map((m) => (JSON.parse(m.value.toString()) as { seq: number }).seq);
  expect(new Set(seqs).size).toBe(ROWS);
  expect(seen).toHaveLength(ROWS);
  for (let k = 0; k < KEYS; k++) {
    const own = seen.filter((m) => m.key === `k-${k}`).map((m) => (JSON.parse(m.value.toString()) as { seq: number }).seq);
    expect({ key: k, ordered: own.every((s, i) => i === 0 || s > own[i - 1]) }).toEqual({ key: k, ordered: true });
  }
});

it('takes nothing while the relay of another replica publishes, and then goes on after what that one published', async () => {
  const prefix = testTopicPrefix();
  await bus.ensureTopics([{ topic: `${prefix}replicas`, partitions: 1 }]);
  const messages = Array.from({ length: 30 }, (_, i) => ({ topic: 'replicas', key: 'one-key', value: JSON.stringify({ seq: i }) }));
  await dataSource.transaction((m) => addToOutbox(m, 'probe', messages));
  const logger = createLogger({ level: 'silent', service: 'test' });
  // The first replica's send waits at a gate, so its pass holds its transaction (and its rows) meanwhile.
  let open!: () => void;
  const gate = new Promise<void>((resolve) => (open = resolve));
  let held = false;
  const gated: BusAdapter = Object.assign(Object.create(bus) as BusAdapter, {
    publishBatch: async (batch: OutgoingMessage[]) => {
      held = true;
      await gate;
      return bus.publishBatch(batch);
    },
  });
  const first = new OutboxRelay({ dataSource, schema: 'probe', bus: gated, topicPrefix: prefix, logger, batchSize: 10 });
  const second = new OutboxRelay({ dataSource, schema: 'probe', bus, topicPrefix: prefix, logger, batchSize: 10 });
  const firstPass = first.pass();
  await waitFor(() => held, { what: 'the first relay to hold its send' });
  expect(await second.pass()).toBe(0);
  open();
  expect(await firstPass).toBe(10);
  const passes: number[] = [];
  for (let n = await second.pass(); n > 0; n = await second.pass()) passes.push(n);
  expect(passes).toEqual([10, 10]);

  const seen: number[] = [];
  const reader = await bus.consumeBatch({
    groupId: `${prefix}reader`,
    topics: [`${prefix}replicas`],
    handler: async (b) => void seen.push(...b.messages.map((m) => (JSON.parse(m.value.toString()) as { seq: number }).seq)),
    onCrash: () => undefined,
  });
  await waitFor(() => seen.length >= 30, { what: '30 relayed messages' });
  await reader.stop();
  expect(seen).toEqual(messages.map((_, i) => i));
});

it('parks a message the broker refuses (too large for its topic) and publishes the rest in order; the operator can put it back', async () => {
  const prefix = testTopicPrefix();
  const topic = `${prefix}small`;
  // A topic whose messages may be at most 2,000 bytes: the broker refuses the 5,000-byte one with MESSAGE_TOO_LARGE.
  const admin = new Kafka({ brokers: [testInfra().kafkaBrokers], logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: 1, configEntries: [{ name: 'max.message.bytes', value: '2000' }] }] });
  await admin.disconnect();
  const values = ['a:1', `big:${'x'.repeat(5_000)}`, 'a:2', 'a:3'];
  await dataSource.transaction((m) =>
    addToOutbox(
      m,
      'probe',
      values.map((value) => ({ topic: 'small', key: 'ws-1:user-1', value })),
    ),
  );
  // One more, larger than what the relay sends at all: parked without asking the broker.
  await dataSource.transaction((m) => addToOutbox(m, 'probe', [{ topic: 'small', key: 'ws-1:user-2', value: `huge:${'y'.repeat(12_000)}` }]));
  const relay = new OutboxRelay({
    dataSource,
    schema: 'probe',
    bus,
    topicPrefix: prefix,
    logger: createLogger({ level: 'silent', service: 'test' }),
    maxMessageBytes: 10_000,
  });
  expect(await relay.pass()).toBe(5);
  expect(await relay.pass()).toBe(0);

  const seen: IncomingMessage[] = [];
  const reader = await bus.consumeBatch({
    groupId: `${prefix}reader`,
    topics: [topic],
    handler: async (b) => void seen.push(...b.messages),
    onCrash: () => undefined,
  });
  await waitFor(() => seen.length >= 3, { what: 'the three small messages', timeoutMs: 30_000 });
  expect(seen.map((m) => m.value.toString())).toEqual(['a:1', 'a:2', 'a:3']);

  const parked = await listFailedWork(dataSource.manager, 'probe', 'ws-1', { limit: 10 });
  expect(parked.map((p) => ({ kind: p.kind, state: p.state, attempts: p.attempts }))).toEqual([
    { kind: 'outbox', state: 'parked', attempts: 1 },
    { kind: 'outbox', state: 'parked', attempts: 1 },
  ]);
  expect(parked.map((p) => p.reason).join('\n')).toMatch(/refused the message[\s\S]*larger than the 10000 bytes/);

  // Put back the one the broker refused after the topic's limit was raised: it is published once.
  const admin2 = new Kafka({ brokers: [testInfra().kafkaBrokers], logLevel: logLevel.NOTHING }).admin();
  await admin2.connect();
  await admin2.alterConfigs({
    validateOnly: false,
    resources: [{ type: ConfigResourceTypes.TOPIC, name: topic, configEntries: [{ name: 'max.message.bytes', value: '100000' }] }],
  });
  await admin2.disconnect();
  const refused = parked.find((p) => p.reason.includes('refused'))!;
  await dataSource.transaction(async (m) => {
    const taken = await takeFailedWork(m, 'probe', 'ws-1', 'outbox', refused.item);
    expect(await requeueOutboxMessage(m, 'probe', taken!.payload)).toBe(true);
  });
  const relay2 = new OutboxRelay({
    dataSource,
    schema: 'probe',
    bus,
    topicPrefix: prefix,
    logger: createLogger({ level: 'silent', service: 'test' }),
    maxMessageBytes: 20_000,
  });
  await waitFor(async () => (await relay2.pass()) === 0 && seen.length >= 4, { what: 'the refused message, put back and published', timeoutMs: 30_000 });
  await reader.stop();
  expect(seen.map((m) => m.value.toString().slice(0, 4))).toEqual(['a:1', 'a:2', 'a:3', 'big:']);
  expect(await listFailedWork(dataSource.manager, 'probe', 'ws-1', { limit: 10 })).toHaveLength(1);
});

it('prunes processed-message keys older than the dedupe horizon, in chunks, and keeps the newer ones', async () => {
  await dataSource.query(
    `INSERT INTO probe.processed_messages (consumer, key, processed_at)
     SELECT 'c', 'old-' || i, now() - interval '49 hours' FROM generate_series(1, 25) i
     UNION ALL SELECT 'c', 'new-' || i, now() - interval '47 hours' FROM generate_series(1, 5) i`,
  );
  expect(await pruneProcessedKeys(dataSource.manager, 'probe', DEDUPE_HORIZON_MS, 10)).toBe(25);
  const [{ n }] = await dataSource.query(`SELECT count(*)::int AS n FROM probe.processed_messages WHERE consumer = 'c'`);
  expect(n).toBe(5);
});
