import { BehaviourEvent, MessageOutcome, TOPICS } from '@cairn/contracts';
import { stableId } from '@cairn/core';
import { ConsumerHandle, KafkaJsAdapter } from '@cairn/kafka';
import { createTestDatabase, ServiceProcess, spawnService, TestDatabase, testTopicPrefix, waitFor } from '@cairn/testing';
import { Client } from 'pg';
import { idempotencyKey } from '@cairn/journeys-domain';
import { ADMIN, journeysProcessEnv, journeysTestBus, readMessageRequests } from './testing/journeys-topics';

/**
 * Killing the journeys process (SIGKILL) in the middle of a stream of 5,000
 * entries and restarting it loses no message request and creates none twice:
 * checked by idempotency key on the `cairn.message-requests.v1` topic and in
 * the view of the real messaging service (its own process on the same topics
 * and database): one send intent per key, each delivered once.
 */
const ENTRIES = 5_000;
const welcome = {
  key: 'welcome',
  name: 'Welcome message',
  entry: { event: 'Signed Up' },
  reentry: { mode: 'once' },
  start: 'hello',
  steps: { hello: { type: 'send', channel: 'kakao', template: 'hello', category: 'transactional', next: null } },
};

let db: TestDatabase;
let sql: Client;
let bus: KafkaJsAdapter;
let reader: ConsumerHandle;
let proc: ServiceProcess | undefined;
let messaging: ServiceProcess | undefined;
let outcomeReader: ConsumerHandle;
let env: Record<string, string>;
let prefix: string;
/** Every copy of every message request read from the topic, by idempotency key. */
const copies = new Map<string, string[]>();
/** The statuses of every outcome messaging published, by idempotency key. */
const outcomes = new Map<string, string[]>();

beforeAll(async () => {
  db = await createTestDatabase();
  sql = new Client({ connectionString: db.url });
  await sql.connect();
  prefix = testTopicPrefix();
  env = journeysProcessEnv(db.url, prefix);
  bus = await journeysTestBus([prefix]);
  reader = await readMessageRequests(bus, [prefix], (request, raw) => {
    copies.set(request.idempotencyKey, [...(copies.get(request.idempotencyKey) ?? []), raw]);
  });
  outcomeReader = await bus.consumeBatch({
    groupId: `${prefix}outcome-reader`,
    topics: [prefix + TOPICS.messageOutcomes],
    fromBeginning: true,
    onCrash: () => undefined,
    handler: async (batch) => {
      for (const m of batch.messages) {
        const o = JSON.parse(m.value.toString()) as MessageOutcome;
        outcomes.set(o.idempotencyKey, [...(outcomes.get(o.idempotencyKey) ?? []), o.status]);
      }
    },
  });
  // Messaging on the same topics and database (its own schema), with the channel and template the journey uses.
  messaging = await spawnService({ service: 'messaging', env });
  expect((await api(messaging.url, 'POST', '/v1/channels', { key: 'kakao', type: 'log', config: {} })).status).toBe(201);
  expect(
    (await api(messaging.url, 'POST', '/v1/templates', { key: 'hello', channel: 'kakao', category: 'transactional', content: { text: 'Welcome aboard' } }))
      .status,
  ).toBe(201);
  proc = await spawnService({ service: 'journeys', env });
});

afterAll(async () => {
  await proc?.stop('SIGTERM');
  await messaging?.stop('SIGTERM');
  await outcomeReader?.stop();
  await reader?.stop();
  await bus?.disconnect();
  await sql?.end();
  await db?.drop();
});

// Answers are asserted field by field; a loose type keeps the assertions readable.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

async function api(base: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: Json }> {
  const res = await fetch(`${base}${path}`, { method, headers: ADMIN, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as Json };
}

/** Messaging's delivery log of each user, a few users at a time. */
async function deliveryLogs(userIds: string[]): Promise<Map<string, Json[]>> {
  const logs = new Map<string, Json[]>();
  const queue = [...userIds];
  const worker = async () => {
    for (let userId = queue.shift(); userId !== undefined; userId = queue.shift()) {
      logs.set(userId, (await api(messaging!.url, 'GET', `/v1/messages?userId=${userId}`)).body.messages);
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  return logs;
}

function signUp(i: number): BehaviourEvent {
  const at = new Date().toISOString();
  return { v: 1, workspaceId: 'dev', messageId: `m-${i}`, type: 'track', userId: `u-${i}`, event: 'Signed Up', timestamp: at, receivedAt: at };
}

async function count(query: string): Promise<number> {
  return Number((await sql.query(query)).rows[0].n);
}

describe('a crash in the middle of a stream of entries', () => {
  it('loses no message request and duplicates none after SIGKILL and a restart', async () => {
    const created = await api(proc!.url, 'POST', '/v1/journeys', welcome);
    expect(created.status).toBe(201);
    expect((await api(proc!.url, 'POST', '/v1/journeys/welcome/publish')).status).toBe(200);
    const events = Array.from({ length: ENTRIES }, (_, i) => signUp(i));
    for (let i = 0; i < ENTRIES; i += 1000) {
      await bus.publishBatch(events.slice(i, i + 1000).map((e) => ({ topic: prefix + TOPICS.events, key: `dev:${e.userId}`, value: JSON.stringify(e) })));
    }

    const sent = `SELECT count(*) AS n FROM journeys.sends`;
    await waitFor(async () => (await count(sent)) >= ENTRIES / 5, { what: 'a fifth of the entries', timeoutMs: 30_000, intervalMs: 20 });
    await proc!.stop('SIGKILL');
    expect(await count(sent)).toBeLessThan(ENTRIES);

    // Same database, same consumer group: it resumes from the committed offsets once the killed member's session expired.
    proc = await spawnService({ service: 'journeys', env });
    await waitFor(() => copies.size === ENTRIES, { what: 'a request per entry on the topic', timeoutMs: 90_000, intervalMs: 250 }).catch(
      async (error: Error) => {
        throw new Error(`${error.message}: ${copies.size} keys on the topic, ${await count(sent)} send records`);
      },
    );

    const keyOf = new Map(events.map((e) => [e.userId!, idempotencyKey(stableId('dev', created.body.id!, e.userId!, '1'), 'hello', 1)]));
    const expected = [...keyOf.values()].sort();
    expect([...copies.keys()].sort()).toEqual(expected);
    const runs = await sql.query(`SELECT count(*)::int AS n, count(DISTINCT user_id)::int AS users FROM journeys.runs`);
    expect(runs.rows).toEqual([{ n: ENTRIES, users: ENTRIES }]);
    // On the topic, a relay batch caught by the kill between Kafka's acknowledgement and its commit comes again,
    // identical (at-least-once publishing, see the service README): never a second request under another key.
    const repeated = [...copies.values()].filter((c) => c.length > 1);
    expect(repeated.every((c) => c.every((v) => v === c[0]))).toBe(true);
    expect(repeated.length).toBeLessThanOrEqual(2_000); // at most one relay pass

    // Messaging's view: one send intent per idempotency key, 5,000 in all, each sent once.
    await waitFor(() => [...outcomes.values()].filter((o) => o.includes('SENT')).length === ENTRIES, {
      what: 'a SENT outcome per request from messaging',
      timeoutMs: 90_000,
      intervalMs: 250,
    });
    expect([...outcomes.keys()].sort()).toEqual(expected);
    expect([...outcomes.values()].filter((o) => o.length !== 1 || o[0] !== 'SENT')).toEqual([]);
    const logs = await deliveryLogs(events.map((e) => e.userId!));
    const unexpected = [...logs].filter(([userId, entries]) => {
      const [entry] = entries;
      return entries.length !== 1 || entry.status !== 'SENT' || !entry.sentAt || entry.journey !== 'welcome' || entry.idempotencyKey !== keyOf.get(userId);
    });
    expect(unexpected).toEqual([]);

    // And journeys' stats, from those outcomes: every request requested once and sent.
    const stats = await waitFor(
      async () => {
        const view = (await api(proc!.url, 'GET', '/v1/journeys/welcome/stats')).body;
        return view.versions?.[0]?.delivery?.sent === ENTRIES ? view : undefined;
      },
      { what: 'the outcomes in the journey stats', timeoutMs: 30_000, intervalMs: 250 },
    );
    expect(stats.versions[0].delivery).toMatchObject({ requested: ENTRIES, awaitingOutcome: 0, sent: ENTRIES, suppressed: 0, failed: 0 });
  });
});
