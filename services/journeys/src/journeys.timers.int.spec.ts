import { TOPICS } from '@cairn/contracts';
import { ConsumerHandle, KafkaJsAdapter } from '@cairn/kafka';
import { createTestDatabase, ServiceProcess, spawnService, TestDatabase, testTopicPrefix, waitFor } from '@cairn/testing';
import { Client } from 'pg';
import { UserJourneyView } from './runs/list-user-journeys/list-user-journeys.usecase';
import { ADMIN, journeysProcessEnv, journeysTestBus, readMessageRequests } from './testing/journeys-topics';

/**
 * 100,000 pending timers fire, none twice and none lost, across a SIGKILL of
 * the journeys process in the middle of firing them and a restart; and after a
 * SIGKILL, the restarted process fires due timers while its consumer is still
 * waiting to join the group. The runs and timers are cloned in SQL from one run
 * made through the real path (set-up only); firing, the runs' conditional
 * updates, the sends and the outbox are the service's own, in its own process.
 */
const TIMERS = 100_000;
const journey = {
  key: 'timers',
  name: 'One reminder an hour after sign-up',
  entry: { event: 'Signed Up' },
  reentry: { mode: 'once' },
  start: 'wait',
  steps: {
    wait: { type: 'wait', duration: '1h', next: 'tick' },
    tick: { type: 'send', channel: 'kakao', template: 'tick', category: 'transactional', next: null },
  },
};

let db: TestDatabase;
let sql: Client;
let bus: KafkaJsAdapter;
let reader: ConsumerHandle;
let proc: ServiceProcess | undefined;
let env: Record<string, string>;
let restartEnv: Record<string, string>;
let prefix: string;
let restartPrefix: string;
/** Every copy of every message request read from the topic, by idempotency key. */
const copies = new Map<string, string[]>();

beforeAll(async () => {
  db = await createTestDatabase();
  sql = new Client({ connectionString: db.url });
  await sql.connect();
  prefix = testTopicPrefix();
  restartPrefix = testTopicPrefix();
  env = journeysProcessEnv(db.url, prefix);
  restartEnv = journeysProcessEnv(db.url, restartPrefix);
  bus = await journeysTestBus([prefix, restartPrefix]);
  reader = await readMessageRequests(bus, [prefix, restartPrefix], (request, raw) => {
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

async function api(method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${proc!.url}${path}`, { method, headers: ADMIN, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: res.status, body: await res.json() };
}

async function count(query: string): Promise<number> {
  return Number((await sql.query(query)).rows[0].n);
}

/** Clones the template run into `n` runs (ids `<tag>-<i>`), each with one timer due now (set-up only). */
async function cloneRuns(templateRunId: string, n: number, tag = 'tr'): Promise<void> {
  await sql.query(
    `INSERT INTO journeys.runs (id, workspace_id, journey_id, version, user_id, episode, status, step, grp, converted, goal_deadline, entered_at, state)
     SELECT $3 || '-' || i, t.workspace_id, t.journey_id, t.version, 'u-' || $3 || '-' || i, 1, t.status, t.step, t.grp, t.converted, t.goal_deadline, t.entered_at,
       jsonb_set(jsonb_set(t.state, '{id}', to_jsonb($3 || '-' || i)), '{userId}', to_jsonb('u-' || $3 || '-' || i))
     FROM journeys.runs t, generate_series(1, $2::int) i WHERE t.id = $1`,
    [templateRunId, n, tag],
  );
  await sql.query(`INSERT INTO journeys.timers (run_id, step, occurrence, due_at) SELECT $2 || '-' || i, 'wait', 1, now() FROM generate_series(1, $1::int) i`, [
    n,
    tag,
  ]);
}

/** Enters one user through the real path and returns their run id (the template of the clones). */
async function templateRun(userId: string, topicPrefix: string): Promise<string> {
  const at = new Date().toISOString();
  const signUp = { v: 1, workspaceId: 'dev', messageId: `m-${userId}`, type: 'track', userId, event: 'Signed Up', timestamp: at, receivedAt: at };
  await bus.publishBatch([{ topic: topicPrefix + TOPICS.events, key: `dev:${userId}`, value: JSON.stringify(signUp) }]);
  const [run] = await waitFor(
    async () => {
      const runs = (await api('GET', `/v1/users/${userId}/journeys`)).body as UserJourneyView[];
      return runs.length === 1 ? runs : undefined;
    },
    { what: `the run of ${userId}` },
  );
  return run.runId;
}

describe('durable timers across a crash', () => {
  it('fires 100,000 timers exactly once although the process is killed while firing them', async () => {
    expect((await api('POST', '/v1/journeys', journey)).status).toBe(201);
    expect((await api('POST', '/v1/journeys/timers/publish', undefined)).status).toBe(200);
    await cloneRuns(await templateRun('u-template', prefix), TIMERS);

    const sent = `SELECT count(*) AS n FROM journeys.sends`;
    await waitFor(async () => (await count(sent)) >= TIMERS / 5, { what: 'a fifth of the timers to fire', timeoutMs: 30_000, intervalMs: 20 });
    await proc!.stop('SIGKILL');
    expect(await count(sent)).toBeLessThan(TIMERS);

    // The process restarts on the same database. Its consumer would first wait 30 s for the killed member's
    // session to expire before it is ready; the restart uses another topic prefix (another consumer group) so that
    // it is ready at once, and the reader reads the requests topic of both prefixes.
    proc = await spawnService({ service: 'journeys', env: restartEnv });
    await waitFor(() => copies.size === TIMERS, { what: 'a request per timer on the topic', timeoutMs: 50_000, intervalMs: 500 });

    // A fired timer is deleted in the transaction that advances its run: none is left, pending or otherwise.
    expect(await count(`SELECT count(*) AS n FROM journeys.timers WHERE run_id LIKE 'tr-%'`)).toBe(0);
    // Every run advanced exactly once (one conditional update), from its wait to completion through its send.
    const runs = await sql.query(`SELECT status, revision, count(*)::int AS n FROM journeys.runs WHERE id LIKE 'tr-%' GROUP BY status, revision`);
    expect(runs.rows).toEqual([{ status: 'completed', revision: 1, n: TIMERS }]);
    const keys = (await sql.query(`SELECT idempotency_key AS k FROM journeys.sends WHERE run_id LIKE 'tr-%' AND status = 'requested'`)).rows;
    expect(keys).toHaveLength(TIMERS);
    expect(keys.filter((r: { k: string }) => !copies.has(r.k))).toEqual([]);
    expect(await count(`SELECT count(*) AS n FROM journeys.outbox`)).toBe(0);
    // A relay batch caught by the kill between Kafka's acknowledgement and its commit is published again, identically.
    const repeated = [...copies.values()].filter((c) => c.length > 1);
    expect(repeated.every((c) => c.every((v) => v === c[0]))).toBe(true);
    expect(repeated.length).toBeLessThanOrEqual(2_000); // at most one relay pass
  });
});

describe('timers after a restart', () => {
  it('fires due timers while the consumer still waits for the killed member to leave its group', async () => {
    // The process in hand consumes under restartPrefix (the previous test restarted it there).
    const template = await templateRun('u-template-join', restartPrefix);
    await proc!.stop('SIGKILL');
    const DUE = 50;
    await cloneRuns(template, DUE, 'tj');

    // Same topics, same consumer group: the group keeps the killed member until its session (30 s) expires, so the
    // new consumer cannot join before then. Timers are rows in the database and fire at once all the same.
    proc = await spawnService({ service: 'journeys', env: restartEnv, waitReady: false });
    const keys = async () => (await sql.query(`SELECT idempotency_key AS k FROM journeys.sends WHERE run_id LIKE 'tj-%'`)).rows.map((r: { k: string }) => r.k);
    await waitFor(
      async () => {
        const sent = await keys();
        return sent.length === DUE && sent.every((k) => copies.has(k));
      },
      { what: "the due timers' requests on the topic", timeoutMs: 25_000, intervalMs: 100 },
    );
    const ready = await fetch(`${proc.url}/health/ready`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toMatchObject({ checks: { database: 'ok', consumer: 'failing' } });

    // Once the old member is gone the consumer joins, and the process becomes ready.
    await waitFor(async () => (await fetch(`${proc!.url}/health/ready`)).status === 200, { what: 'the consumer to join', timeoutMs: 60_000, intervalMs: 250 });
  });
});
