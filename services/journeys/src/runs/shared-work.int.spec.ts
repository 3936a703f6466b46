import { loadConfig } from '@cairn/config';
import { BehaviourEvent, MessageRequest, TOPICS } from '@cairn/contracts';
import { localParts, ManualClock } from '@cairn/core';
import { ConsumerHandle, KafkaJsAdapter } from '@cairn/kafka';
import { RunningService, startService } from '@cairn/runtime';
import { createTestDatabase, TestDatabase, testInfra, testTopicPrefix, waitFor } from '@cairn/testing';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { journeysService } from '../journeys.service-definition';
import { ADMIN, journeysTestBus, readMessageRequests } from '../testing/journeys-topics';
import { UserJourneyView } from './list-user-journeys/list-user-journeys.usecase';

/**
 * Poison never blocks shared work: the timer loop claims the due timers of
 * every workspace in one batch, so one item that cannot be handled must cost
 * only itself. A user whose `timezone` trait names no zone falls back to the
 * workspace's zone; a run the engine cannot advance is set aside with
 * backoff, then parked, listed by the API with its reason, and retried by an
 * operator; everybody else's timers fire meanwhile.
 */
const SECOND = 1_000;

const morning = {
  key: 'morning',
  name: 'A morning message, after a short wait',
  entry: { event: 'Zone Test' },
  start: 'pause',
  steps: {
    pause: { type: 'wait', duration: '1m', next: 'tenAm' },
    tenAm: { type: 'wait', until: '10:00', next: 'send' },
    send: { type: 'send', channel: 'kakao', template: 'morning', category: 'transactional', next: null },
  },
};
const quick = {
  key: 'quick',
  name: 'A message a minute after the event',
  entry: { event: 'Quick Test' },
  start: 'wait',
  steps: {
    wait: { type: 'wait', duration: '1m', next: 'send' },
    send: { type: 'send', channel: 'kakao', template: 'quick', category: 'transactional', next: null },
  },
};

let db: TestDatabase;
let sql: Client;
let service: RunningService;
let bus: KafkaJsAdapter;
let reader: ConsumerHandle;
let prefix: string;
const clock = new ManualClock(Date.UTC(2026, 10, 2, 1, 0));
const requests: MessageRequest[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
  sql = new Client({ connectionString: db.url });
  await sql.connect();
  prefix = testTopicPrefix();
  bus = await journeysTestBus([prefix]);
  const config = loadConfig({ service: 'journeys', env: { KAFKA_BROKERS: testInfra().kafkaBrokers, DATABASE_URL: db.url, LOG_LEVEL: 'silent' } });
  service = await startService(
    journeysService,
    {
      ...config,
      port: 0,
      kafka: { ...config.kafka!, topicPrefix: prefix },
      backgroundWork: { maxAttempts: 3, baseDelayMs: 10 * SECOND, maxDelayMs: 60 * SECOND },
    },
    { clock, host: '127.0.0.1' },
  );
  reader = await readMessageRequests(bus, [prefix], (request) => requests.push(request));
  await waitFor(async () => (await fetch(`${service.url}/health/ready`)).status === 200, { what: 'ready', timeoutMs: 30_000 });
  for (const journey of [morning, quick]) {
    expect((await api('POST', '/v1/journeys', journey)).status).toBe(201);
    expect((await api('POST', `/v1/journeys/${journey.key}/publish`)).status).toBe(200);
  }
});

afterAll(async () => {
  await reader?.stop();
  await service?.stop();
  await bus?.disconnect();
  await sql?.end();
  await db?.drop();
});

async function api<T = Record<string, unknown>>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
  const res = await fetch(`${service.url}${path}`, { method, headers: ADMIN, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as T };
}

function event(userId: string, fields: Partial<BehaviourEvent>): BehaviourEvent {
  const at = clock.now().toISOString();
  return { v: 1, workspaceId: 'dev', messageId: randomUUID(), type: 'track', userId, timestamp: at, receivedAt: at, ...fields } as BehaviourEvent;
}

async function publish(values: BehaviourEvent[]): Promise<void> {
  await bus.publishBatch(values.map((v) => ({ topic: prefix + TOPICS.events, key: `dev:${v.userId}`, value: JSON.stringify(v) })));
}

async function runOf(userId: string): Promise<UserJourneyView | undefined> {
  return (await api<UserJourneyView[]>('GET', `/v1/users/${userId}/journeys`)).body[0];
}

interface ParkedPage {
  items: Array<{ kind: string; item: string; state: string; attempts: number; reason: string; retryAt: string | null }>;
}

it("fires everybody else's timers on time when one user has an invalid time zone, and waits until 10:00 in the workspace zone for that user", async () => {
  await publish([
    event('bad-zone', { type: 'identify', traits: { timezone: 'Not/AZone' } }),
    event('bad-zone', { event: 'Zone Test' }),
    event('good', { event: 'Quick Test' }),
  ]);
  await waitFor(async () => (await runOf('bad-zone')) && (await runOf('good')), { what: 'both runs' });
  // Both timers come due in the same pass of the timer loop.
  clock.advance(61 * SECOND);
  await waitFor(() => requests.some((r) => r.userId === 'good'), { what: "the good user's message" });
  const waiting = await waitFor(async () => ((await runOf('bad-zone'))?.step === 'tenAm' ? runOf('bad-zone') : undefined), {
    what: 'the bad-zone user to wait for 10:00',
  });
  expect(waiting).toMatchObject({ status: 'active', step: 'tenAm' });
  const { rows } = await sql.query(`SELECT t.due_at FROM journeys.timers t JOIN journeys.runs r ON r.id = t.run_id WHERE r.user_id = 'bad-zone'`);
  // 10:00 in the dev workspace's zone (Asia/Seoul), the fallback for a trait that names no zone.
  expect(localParts(new Date(rows[0].due_at), 'Asia/Seoul')).toMatchObject({ hour: 10, minute: 0 });
  expect((await api<ParkedPage>('GET', '/v1/parked/journeys')).body.items).toEqual([]);
});

it('sets aside a timer whose run cannot be advanced, retries it with backoff, parks it, lists it, and fires it once an operator retries it', async () => {
  await publish([event('corrupt', { event: 'Quick Test' }), event('neighbour', { event: 'Quick Test' })]);
  await waitFor(async () => (await runOf('corrupt')) && (await runOf('neighbour')), { what: 'two runs' });
  // A run the engine cannot advance (its stored state lost a field it needs).
  await sql.query(`UPDATE journeys.runs SET state = jsonb_set(state, '{occurrences}', 'null') WHERE user_id = 'corrupt'`);
  clock.advance(61 * SECOND);
  await waitFor(() => requests.some((r) => r.userId === 'neighbour'), { what: "the neighbour's message, in the same batch as the poison" });

  const failing = await waitFor(async () => (await api<ParkedPage>('GET', '/v1/parked/journeys?kind=timer')).body.items.find((i) => i.attempts === 1), {
    what: 'the failing timer in the ledger',
  });
  expect(failing).toMatchObject({ kind: 'timer', state: 'retrying', reason: expect.stringContaining('TypeError') });
  // Tried again after the backoff (10 s, then 20 s on the service clock), then parked after the third attempt.
  clock.advance(11 * SECOND);
  await waitFor(async () => (await api<ParkedPage>('GET', '/v1/parked/journeys')).body.items[0]?.attempts === 2, { what: 'a second attempt' });
  clock.advance(21 * SECOND);
  const parked = await waitFor(async () => (await api<ParkedPage>('GET', '/v1/parked/journeys?state=parked')).body.items[0], { what: 'the timer parked' });
  expect(parked).toMatchObject({ kind: 'timer', item: failing.item, state: 'parked', attempts: 3, retryAt: null });
  clock.advance(3_600 * SECOND);
  expect((await runOf('corrupt'))?.status).toBe('active');

  // The operator repairs the run and retries the timer: it fires once.
  await sql.query(`UPDATE journeys.runs SET state = jsonb_set(state, '{occurrences}', '{"wait": 1}') WHERE user_id = 'corrupt'`);
  const retried = await api('POST', `/v1/parked/journeys/timer/${failing.item}/retry`);
  expect(retried).toEqual({ status: 201, body: { kind: 'timer', item: failing.item, status: 'retrying' } });
  await waitFor(() => requests.some((r) => r.userId === 'corrupt'), { what: "the repaired run's message" });
  expect(requests.filter((r) => r.userId === 'corrupt')).toHaveLength(1);
  expect((await api<ParkedPage>('GET', '/v1/parked/journeys')).body.items).toEqual([]);
  expect((await api('POST', `/v1/parked/journeys/timer/${failing.item}/retry`)).body).toMatchObject({ code: 'NOT_FOUND' });
  expect((await api('GET', '/v1/parked/journeys?after=nonsense')).body).toMatchObject({ code: 'INVALID_CURSOR' });
  expect((await api('GET', '/v1/parked/journeys?kind=nope')).status).toBe(400);
});

it("prunes the consumers' processed-message keys older than the pipeline's dedupe horizon (they were never pruned)", async () => {
  await sql.query(
    `INSERT INTO journeys.processed_messages (consumer, key, processed_at) VALUES ('events', 'stale', now() - interval '3 days'), ('events', 'fresh', now())`,
  );
  await service.housekeeping.runOnce();
  const { rows } = await sql.query(`SELECT key FROM journeys.processed_messages WHERE key IN ('stale', 'fresh')`);
  expect(rows).toEqual([{ key: 'fresh' }]);
});

it('keeps at most 512 traits per user however many identify calls add up: past that, known traits still change and new names are ignored', async () => {
  const many = Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`t${i}`, i]));
  await publish([event('traits', { type: 'identify', traits: many })]);
  await waitFor(async () => (await sql.query(`SELECT 1 FROM journeys.users WHERE user_id = 'traits'`)).rows.length === 1, { what: 'the user stored' });
  const more = { t0: 'changed', ...Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`new${i}`, i])) };
  await publish([event('traits', { type: 'identify', traits: more }), event('traits', { event: 'Quick Test' })]);
  await waitFor(async () => (await runOf('traits')) !== undefined, { what: 'the second identify handled (the event after it started a run)' });
  const { rows } = await sql.query(
    `SELECT (SELECT count(*)::int FROM jsonb_object_keys(traits)) AS n, traits->>'t0' AS t0 FROM journeys.users WHERE user_id = 'traits'`,
  );
  expect(rows[0]).toEqual({ n: 500, t0: 'changed' });
});
