import { BehaviourEvent, TOPICS } from '@cairn/contracts';
import { stableId } from '@cairn/core';
import { ConsumerHandle, KafkaJsAdapter } from '@cairn/kafka';
import { createTestDatabase, ServiceProcess, spawnService, TestDatabase, testTopicPrefix, waitFor } from '@cairn/testing';
import { Client } from 'pg';
import { idempotencyKey } from './domain';
import { journeysProcessEnv, journeysTestBus, readMessageRequests } from './testing/journeys-topics';

/**
 * Killing the journeys process (SIGKILL) in the middle of a stream of 5,000
 * entries and restarting it loses no message request and creates none twice:
 * checked by idempotency key on the `cairn.message-requests.v1` topic.
 */
const ADMIN = { Authorization: 'Bearer dev-admin-key', 'Content-Type': 'application/json' };
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
let env: Record<string, string>;
let prefix: string;
/** Every copy of every message request read from the topic, by idempotency key. */
const copies = new Map<string, string[]>();

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
  proc = await spawnService({ service: 'journeys', env });
});

afterAll(async () => {
  await proc?.stop('SIGTERM');
  await reader?.stop();
  await bus?.disconnect();
  await sql?.end();
  await db?.drop();
});

async function api(method: string, path: string, body?: unknown): Promise<{ status: number; body: { id?: string } }> {
  const res = await fetch(`${proc!.url}${path}`, { method, headers: ADMIN, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as { id?: string } };
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
    const created = await api('POST', '/v1/journeys', welcome);
    expect(created.status).toBe(201);
    expect((await api('POST', '/v1/journeys/welcome/publish')).status).toBe(200);
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
    await waitFor(() => copies.size === ENTRIES, { what: 'a request per entry on the topic', timeoutMs: 40_000, intervalMs: 250 });

    const expected = events.map((e) => idempotencyKey(stableId('dev', created.body.id!, e.userId!, '1'), 'hello', 1)).sort();
    expect([...copies.keys()].sort()).toEqual(expected);
    const runs = await sql.query(`SELECT count(*)::int AS n, count(DISTINCT user_id)::int AS users FROM journeys.runs`);
    expect(runs.rows).toEqual([{ n: ENTRIES, users: ENTRIES }]);
    // What messaging sees: one send intent per (workspace, idempotency key). A relay batch caught by the kill between
    // Kafka's acknowledgement and its commit would come again, identical (see the service README).
    const repeated = [...copies.values()].filter((c) => c.length > 1);
    expect(repeated.every((c) => c.every((v) => v === c[0]))).toBe(true);
    expect(repeated.length).toBeLessThanOrEqual(500);
  });
});
