import { runMigrations } from '@cairn/db';
import { addToOutbox, IncomingMessage, KafkaJsAdapter, OutboxRelay } from '@cairn/kafka';
import { createLogger } from '@cairn/observability';
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
  const relay = new OutboxRelay({ dataSource, schema: 'probe', bus, topicPrefix: prefix, logger: createLogger({ level: 'silent', service: 'test' }), batchSize: 2_000, maxSendBytes: 100_000 });
  const passes: number[] = [];
  for (let n = await relay.pass(); n > 0; n = await relay.pass()) passes.push(n);
  expect(passes).toEqual([2_000, 2_000, 500]);
  const [{ left }] = await dataSource.query(`SELECT count(*)::int AS left FROM probe.outbox`);
  expect(left).toBe(0);

  const seen: IncomingMessage[] = [];
  const reader = await bus.consumeBatch({ groupId: `${prefix}reader`, topics: [`${prefix}relay`], handler: async (b) => void seen.push(...b.messages), onCrash: () => undefined });
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
