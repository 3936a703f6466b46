import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { DLQ_HEADERS, InProcessBus, KafkaJsAdapter, BusAdapter, IncomingMessage } from '@cairn/kafka';
import { createTestDatabase, testInfra, testTopicPrefix, TestDatabase } from '../infra/isolation';
import { repoRoot, waitFor } from '../infra/util';
import { runMigrations } from '@cairn/db';
import { DataSource } from 'typeorm';
import { probeDataSource, startProbe } from '../fixtures/probe-consumer';

/**
 * The bus contract: the same behaviour from the real Kafka broker (kafkajs)
 * and from the in-process bus of the all-in-one mode.
 */
const retry = { attempts: 3, baseDelayMs: 10, maxDelayMs: 40 };
const json = (v: string) => JSON.stringify(v);

let db: TestDatabase;
let dataSource: DataSource;

beforeAll(async () => {
  db = await createTestDatabase();
  dataSource = await probeDataSource(db.url);
  await runMigrations(dataSource);
});

afterAll(async () => {
  await dataSource?.destroy();
  await db?.drop();
});

async function rows<T>(sql: string, params: unknown[] = []): Promise<T[]> {
  return dataSource.query(sql, params);
}

async function readAll(bus: BusAdapter, topic: string, count: number): Promise<IncomingMessage[]> {
  return readUntil(bus, topic, (seen) => seen.length >= count, `${count} messages on ${topic}`);
}

async function readUntil(bus: BusAdapter, topic: string, done: (seen: IncomingMessage[]) => boolean, what: string): Promise<IncomingMessage[]> {
  const seen: IncomingMessage[] = [];
  const handle = await bus.consumeBatch({
    groupId: `reader-${Math.random()}`,
    topics: [topic],
    handler: async (batch) => void seen.push(...batch.messages),
    onCrash: () => undefined,
  });
  await waitFor(() => done(seen), { what, timeoutMs: 60_000 });
  await handle.stop();
  return seen;
}

function contractSuite(name: string, makeBus: () => Promise<BusAdapter>): void {
  describe(`bus contract: ${name}`, () => {
    let bus: BusAdapter;
    let prefix: string;

    beforeAll(async () => {
      bus = await makeBus();
      await bus.connect();
    });
    afterAll(async () => bus.disconnect());
    beforeEach(() => (prefix = testTopicPrefix()));

    it('keeps per-key order across batches and partitions', async () => {
      const topic = `${prefix}order`;
      await bus.ensureTopics([{ topic, partitions: 4 }]);
      const keys = Array.from({ length: 20 }, (_, i) => `ws:user-${i}`);
      for (let round = 0; round < 10; round++) {
        await bus.publishBatch(
          Array.from({ length: 100 }, (_, i) => ({ topic, key: keys[i % 20], value: json(`${keys[i % 20]}#${round * 5 + Math.floor(i / 20)}`) })),
        );
      }
      const seen = await readAll(bus, topic, 1000);
      for (const key of keys) {
        const sequence = seen.filter((m) => m.key === key).map((m) => Number(JSON.parse(m.value.toString()).split('#')[1]));
        expect(sequence).toEqual(Array.from({ length: 50 }, (_, i) => i));
      }
    });

    it('dead-letters a poison message with error headers after bounded retries, and the partition moves on', async () => {
      const topic = `${prefix}poison`;
      await bus.ensureTopics([
        { topic, partitions: 1 },
        { topic: `${topic}.dlq`, partitions: 1 },
      ]);
      const [before, after] = [`${prefix}before`, `${prefix}after`];
      await bus.publishBatch([before, 'poison:1', after].map((v) => ({ topic, key: 'ws:u1', value: json(v) })));
      const group = `${prefix}g`;
      const handle = await startProbe({ bus, dataSource, topic, group, retry, crash: 'never' });
      await waitFor(async () => (await rows(`SELECT 1 FROM probe.effects WHERE value = $1`, [after])).length === 1, {
        what: 'the message after the poison',
        timeoutMs: 60_000,
      });
      await handle.stop();
      const [dead] = await readAll(bus, `${topic}.dlq`, 1);
      expect(JSON.parse(dead.value.toString())).toBe('poison:1');
      expect(dead.key).toBe('ws:u1');
      expect(dead.headers).toMatchObject({
        [DLQ_HEADERS.code]: 'HANDLER_FAILED',
        [DLQ_HEADERS.topic]: topic,
        [DLQ_HEADERS.offset]: '1',
        [DLQ_HEADERS.attempts]: String(retry.attempts),
        [DLQ_HEADERS.group]: group,
      });
      expect(dead.headers[DLQ_HEADERS.error]).toContain('poison message in batch');
      const effects = await rows<{ value: string }>(`SELECT value FROM probe.effects WHERE value IN ($1, $2, 'poison:1') ORDER BY value`, [before, after]);
      expect(effects.map((e) => e.value)).toEqual([after, before]);
    });

    it('retries a batch whose database connection died, however often, and never dead-letters it', async () => {
      const topic = `${prefix}transient`;
      await bus.ensureTopics([
        { topic, partitions: 1 },
        { topic: `${topic}.dlq`, partitions: 1 },
      ]);
      const waiting = `pgsleep:${prefix}`;
      await bus.publishBatch([{ topic, key: 'ws:u1', value: json(waiting) }]);
      const handle = await startProbe({ bus, dataSource, topic, group: `${prefix}g`, retry, crash: 'never' });
      // Terminate the handler's connection mid-transaction more often than its bounded retries allow.
      for (let kill = 1; kill <= retry.attempts + 2; kill++) {
        await waitFor(
          async () =>
            (
              await rows<{ killed: boolean }>(
                `SELECT pg_terminate_backend(pid) AS killed FROM pg_stat_activity
                 WHERE datname = current_database() AND query = 'SELECT pg_sleep(0.3)' AND state = 'active' AND pid <> pg_backend_pid()`,
              )
            ).some((r) => r.killed),
          { what: `the handler's transaction to terminate (${kill})`, timeoutMs: 60_000 },
        );
      }
      await waitFor(async () => (await rows(`SELECT 1 FROM probe.effects WHERE value = $1`, [waiting])).length === 1, {
        what: 'the message handled',
        timeoutMs: 60_000,
      });
      // A poison message after it goes to the dead-letter topic: the only message there.
      await bus.publishBatch([{ topic, key: 'ws:u1', value: json(`poison:${prefix}`) }]);
      const dead = await readAll(bus, `${topic}.dlq`, 1);
      await handle.stop();
      expect(dead.map((m) => JSON.parse(m.value.toString()))).toEqual([`poison:${prefix}`]);
    });

    it('accepts overlapping publishes from one producer and delivers every message once', async () => {
      const topic = `${prefix}overlap`;
      await bus.ensureTopics([{ topic, partitions: 3 }]);
      await Promise.all(
        Array.from({ length: 20 }, (_, call) =>
          bus.publishBatch(Array.from({ length: 50 }, (_, i) => ({ topic, key: `ws:u${call}`, value: json(`${call}#${i}`) }))),
        ),
      );
      const seen = await readAll(bus, topic, 1000);
      const values = seen.map((m) => JSON.parse(m.value.toString()) as string);
      expect(new Set(values).size).toBe(1000);
      for (let call = 0; call < 20; call++) {
        expect(values.filter((v) => v.startsWith(`${call}#`))).toEqual(Array.from({ length: 50 }, (_, i) => `${call}#${i}`));
      }
    });

    it('takes one publish larger than the broker takes in one request (3 MB for one partition), in order', async () => {
      const topic = `${prefix}large`;
      await bus.ensureTopics([{ topic, partitions: 1 }]);
      const filler = 'x'.repeat(1_000);
      await bus.publishBatch(Array.from({ length: 3_000 }, (_, i) => ({ topic, key: 'ws:one', value: json(`${i}:${filler}`) })));
      const seen = await readAll(bus, topic, 3_000);
      expect(seen.map((m) => Number((JSON.parse(m.value.toString()) as string).split(':')[0]))).toEqual(Array.from({ length: 3_000 }, (_, i) => i));
    });

    it('pauses fetching without leaving the group and resumes where it left off', async () => {
      const topic = `${prefix}pause`;
      await bus.ensureTopics([{ topic, partitions: 1 }]);
      const seen: string[] = [];
      const handle = await bus.consumeBatch({
        groupId: `${prefix}pg`,
        topics: [topic],
        handler: async (batch) => void seen.push(...batch.messages.map((m) => JSON.parse(m.value.toString()))),
        onCrash: () => undefined,
      });
      await bus.publishBatch(['p1', 'p2'].map((v) => ({ topic, key: 'ws:u', value: json(v) })));
      await waitFor(() => seen.length === 2, { what: 'the first two messages', timeoutMs: 60_000 });
      handle.pause();
      expect(handle.paused).toBe(true);
      await bus.publishBatch(['p3', 'p4'].map((v) => ({ topic, key: 'ws:u', value: json(v) })));
      // Another group reads the new messages, so they are there to fetch; the paused consumer must not get them.
      // (The in-process bus drops what every registered group has committed, so the reader may not see p1 and p2.)
      const value = (m: IncomingMessage) => JSON.parse(m.value.toString());
      const reader = await readUntil(bus, topic, (seen) => seen.some((m) => value(m) === 'p4'), 'p4 through another group');
      expect(reader.map(value)).toEqual(expect.arrayContaining(['p3', 'p4']));
      expect(seen).toEqual(['p1', 'p2']);
      handle.resume();
      await waitFor(() => seen.length === 4, { what: 'the messages after resume', timeoutMs: 60_000 });
      await handle.stop();
      expect(seen).toEqual(['p1', 'p2', 'p3', 'p4']);
    });

    it('dead-letters a message that breaks its topic contract without retrying it', async () => {
      const topic = `${prefix}cairn.events.v1`;
      await bus.ensureTopics([
        { topic, partitions: 1 },
        { topic: `${topic}.dlq`, partitions: 1 },
      ]);
      await bus.publishBatch([{ topic, key: 'ws:u1', value: '{"type":"track"}' }]);
      const { BatchProcessor } = await import('@cairn/kafka');
      const { createLogger } = await import('@cairn/observability');
      let calls = 0;
      const processor = new BatchProcessor({
        bus,
        group: 'g',
        logicalTopic: 'cairn.events.v1',
        retry,
        logger: createLogger({ level: 'silent', service: 't' }),
        handle: async () => void calls++,
      });
      const handle = await bus.consumeBatch({ groupId: `${prefix}c`, topics: [topic], handler: (b) => processor.process(b), onCrash: () => undefined });
      const [dead] = await readAll(bus, `${topic}.dlq`, 1);
      await handle.stop();
      expect(dead.headers[DLQ_HEADERS.code]).toBe('CONTRACT_VIOLATION');
      expect(dead.headers[DLQ_HEADERS.attempts]).toBe('0');
      expect(dead.headers[DLQ_HEADERS.error]).toMatch(/workspaceId/);
      expect(calls).toBe(0);
    });
  });
}

contractSuite('Kafka (kafkajs)', async () => new KafkaJsAdapter({ brokers: [testInfra().kafkaBrokers], clientId: 'contract', sessionTimeoutMs: 10_000 }));
contractSuite('in-process bus', async () => new InProcessBus());

describe('bus contract: crash and shutdown, in-process bus', () => {
  it('redelivers a batch whose handling crashed before the commit; the idempotency key makes it a no-op', async () => {
    const bus = new InProcessBus();
    const topic = `${testTopicPrefix()}crash`;
    await bus.publishBatch(['c1', 'crash:c2', 'c3'].map((v) => ({ topic, key: 'ws:u', value: json(v) })));
    const group = `${topic}-g`;
    const handle = await startProbe({ bus, dataSource, topic, group, retry: { ...retry, attempts: 1 }, crash: 'throw' });
    await waitFor(async () => (await rows(`SELECT 1 FROM probe.handled WHERE value = 'crash:c2'`)).length >= 2, { what: 'redelivery' });
    await handle.stop();
    const effects = await rows<{ value: string }>(`SELECT value FROM probe.effects WHERE value IN ('c1','crash:c2','c3')`);
    expect(effects.map((e) => e.value).sort()).toEqual(['c1', 'c3', 'crash:c2']);
  });

  it('stopping during a batch commits what was handled and loses nothing', async () => {
    const bus = new InProcessBus();
    const topic = `${testTopicPrefix()}drain`;
    const group = `${topic}-g`;
    await bus.ensureTopics([{ topic, partitions: 1 }]);
    await bus.publishBatch(Array.from({ length: 30 }, (_, i) => ({ topic, key: 'ws:u', value: json(`slow:d${i}`) })));
    const first = await startProbe({ bus, dataSource, topic, group, retry, crash: 'never', slowMs: 300 });
    await waitFor(async () => (await rows(`SELECT 1 FROM probe.handled WHERE value LIKE 'slow:d%'`)).length > 0, { what: 'a batch in hand' });
    await first.stop();
    await bus.publishBatch(Array.from({ length: 30 }, (_, i) => ({ topic, key: 'ws:u', value: json(`slow:d${30 + i}`) })));
    const second = await startProbe({ bus, dataSource, topic, group, retry, crash: 'never' });
    await waitFor(async () => (await rows(`SELECT 1 FROM probe.effects WHERE value LIKE 'slow:d%'`)).length === 60, { what: '60 effects' });
    await second.stop();
    const handledTwice = await rows(`SELECT value FROM probe.handled WHERE value LIKE 'slow:d%' GROUP BY value HAVING count(*) > 1`);
    expect(handledTwice).toEqual([]);
  });
});

describe('bus contract: long batches, real Kafka', () => {
  it('keeps a batch that outlasts the session timeout alive with heartbeats: no rebalance, no redelivery', async () => {
    const bus = new KafkaJsAdapter({ brokers: [testInfra().kafkaBrokers], clientId: 'heartbeat', sessionTimeoutMs: 6_000 });
    await bus.connect();
    const topic = `${testTopicPrefix()}beat`;
    await bus.ensureTopics([{ topic, partitions: 1 }]);
    await bus.publishBatch(['slow:h1', 'slow:h2'].map((v) => ({ topic, key: 'ws:u', value: json(v) })));
    const handle = await startProbe({ bus, dataSource, topic, group: `${topic}-g`, retry, crash: 'never', slowMs: 9_000 });
    await waitFor(async () => (await rows(`SELECT 1 FROM probe.effects WHERE value IN ('slow:h1', 'slow:h2')`)).length === 2, {
      what: 'the slow batch',
      timeoutMs: 60_000,
    });
    await bus.publishBatch([{ topic, key: 'ws:u', value: json('h3') }]);
    await waitFor(async () => (await rows(`SELECT 1 FROM probe.effects WHERE value = 'h3'`)).length === 1, { what: 'the next message', timeoutMs: 60_000 });
    await handle.stop();
    await bus.disconnect();
    const handled = await rows<{ value: string; n: string }>(
      `SELECT value, count(*) AS n FROM probe.handled WHERE value IN ('slow:h1','slow:h2','h3') GROUP BY value ORDER BY value`,
    );
    expect(handled.map((h) => [h.value, Number(h.n)])).toEqual([
      ['h3', 1],
      ['slow:h1', 1],
      ['slow:h2', 1],
    ]);
  });
});

describe('bus contract: crash and shutdown, real Kafka with a consumer process', () => {
  const entry = join(repoRoot(), 'dist/libs/testing/src/fixtures/probe-consumer.main.js');
  let admin: KafkaJsAdapter;
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    admin = new KafkaJsAdapter({ brokers: [testInfra().kafkaBrokers], clientId: 'contract-admin' });
    await admin.connect();
  });
  afterAll(async () => {
    for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
    await admin.disconnect();
  });

  function probe(args: Record<string, unknown>): { child: ChildProcess; exited: Promise<{ code: number | null; signal: string | null }> } {
    const child = spawn(process.execPath, [entry, JSON.stringify({ brokers: testInfra().kafkaBrokers, databaseUrl: db.url, ...args })], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    children.push(child);
    const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
    return { child, exited };
  }

  it('a consumer killed with SIGKILL after handling, before committing, gets the batch again; the second handling is a no-op', async () => {
    const topic = `${testTopicPrefix()}kill`;
    const group = `${topic}-g`;
    await admin.ensureTopics([{ topic, partitions: 1 }]);
    await admin.publishBatch(['k1', 'crash:k2', 'k3'].map((v) => ({ topic, key: 'ws:u', value: json(v) })));
    const killed = probe({ topic, group, crash: 'sigkill' });
    expect(await killed.exited).toEqual({ code: null, signal: 'SIGKILL' });
    expect((await rows(`SELECT value FROM probe.effects WHERE value IN ('k1','crash:k2','k3')`)).length).toBe(3);
    const restarted = probe({ topic, group, crash: 'never' });
    await waitFor(async () => (await rows(`SELECT 1 FROM probe.handled WHERE value = 'crash:k2'`)).length === 2, {
      what: 'the redelivered batch',
      timeoutMs: 60_000,
    });
    restarted.child.kill('SIGTERM');
    expect((await restarted.exited).code).toBe(0);
    const effects = await rows<{ value: string; n: string }>(
      `SELECT value, count(*) AS n FROM probe.effects WHERE value IN ('k1','crash:k2','k3') GROUP BY value`,
    );
    expect(effects.map((e) => [e.value, Number(e.n)]).sort()).toEqual([
      ['crash:k2', 1],
      ['k1', 1],
      ['k3', 1],
    ]);
  });

  it('SIGTERM during a batch finishes and commits it: nothing lost, nothing handled twice', async () => {
    const topic = `${testTopicPrefix()}term`;
    const group = `${topic}-g`;
    await admin.ensureTopics([{ topic, partitions: 1 }]);
    await admin.publishBatch(Array.from({ length: 40 }, (_, i) => ({ topic, key: 'ws:u', value: json(`slow:t${i}`) })));
    const first = probe({ topic, group, crash: 'never', slowMs: 1_500 });
    await waitFor(async () => (await rows(`SELECT 1 FROM probe.handled WHERE value LIKE 'slow:t%'`)).length > 0, {
      what: 'a batch in hand',
      timeoutMs: 60_000,
    });
    first.child.kill('SIGTERM');
    expect((await first.exited).code).toBe(0);
    await admin.publishBatch(Array.from({ length: 40 }, (_, i) => ({ topic, key: 'ws:u', value: json(`slow:t${40 + i}`) })));
    const second = probe({ topic, group, crash: 'never' });
    await waitFor(async () => (await rows(`SELECT 1 FROM probe.effects WHERE value LIKE 'slow:t%'`)).length === 80, { what: '80 effects', timeoutMs: 60_000 });
    second.child.kill('SIGTERM');
    expect((await second.exited).code).toBe(0);
    expect(await rows(`SELECT value FROM probe.handled WHERE value LIKE 'slow:t%' GROUP BY value HAVING count(*) > 1`)).toEqual([]);
  });
});
