import { loadConfig } from '@cairn/config';
import { BehaviourEvent, MembershipChange, MessageRequest, TOPICS, UserErasure } from '@cairn/contracts';
import { ManualClock } from '@cairn/core';
import { ConsumerHandle, KafkaJsAdapter } from '@cairn/kafka';
import { RunningService, startService } from '@cairn/runtime';
import { createTestDatabase, TestDatabase, testInfra, testTopicPrefix, waitFor } from '@cairn/testing';
import { randomUUID } from 'node:crypto';
import { journeysService } from '../journeys.service-definition';
import { ApplyRetentionUseCase } from '../retention/apply-retention/apply-retention.usecase';
import { UserJourneyView } from '../runs/list-user-journeys/list-user-journeys.usecase';
import { ADMIN, journeysTestBus, readMessageRequests } from '../testing/journeys-topics';

/**
 * Journeys' part of people's data on a real Kafka broker and Postgres: an
 * erasure request removes every run, timer and link of the person (the ids
 * journeys merged included); the person's late messages are dropped; a new
 * person's runs get ids of their own and their requests carry personSince;
 * the retention policy removes old ended runs.
 */
const DAY = 86_400_000;
const send = (template: string) => ({ type: 'send', channel: 'kakao', template, category: 'transactional', next: null });
const journeys = [
  {
    key: 'cart',
    name: 'Cart',
    entry: { event: 'Product Added' },
    reentry: { mode: 'always' },
    start: 'wait',
    steps: { wait: { type: 'waitUntil', event: 'Order Completed', timeout: '1h', onEvent: null, onTimeout: null } },
  },
  { key: 'welcome', name: 'Welcome', entry: { event: 'Signed Up' }, reentry: { mode: 'always' }, start: 'hi', steps: { hi: send('welcome') } },
  { key: 'vip', name: 'VIP', entry: { segment: 'vip', on: 'enter' }, reentry: { mode: 'always' }, start: 'hi', steps: { hi: send('vip') } },
];

let db: TestDatabase;
let service: RunningService;
let bus: KafkaJsAdapter;
let reader: ConsumerHandle;
let prefix: string;
const clock = new ManualClock(Date.UTC(2026, 10, 2, 0, 0));
const requests: MessageRequest[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
  prefix = testTopicPrefix();
  bus = await journeysTestBus([prefix]);
  const config = loadConfig({ service: 'journeys', env: { KAFKA_BROKERS: testInfra().kafkaBrokers, DATABASE_URL: db.url, LOG_LEVEL: 'warn' } });
  // A workspace whose history is kept a year (by default nothing is deleted).
  const workspaces = config.workspaces.map((w) => ({
    ...w,
    dataRights: { suppressErasedIds: false, retention: { renderedContentMs: 90 * 86_400_000, historyMs: 365 * 86_400_000 } },
  }));
  service = await startService(
    journeysService,
    { ...config, workspaces, port: 0, kafka: { ...config.kafka!, topicPrefix: prefix } },
    { clock, host: '127.0.0.1' },
  );
  reader = await readMessageRequests(bus, [prefix], (request) => requests.push(request));
  for (const journey of journeys) {
    expect((await api('POST', '/v1/journeys', journey)).status).toBe(201);
    expect((await api('POST', `/v1/journeys/${journey.key}/publish`)).status).toBe(200);
  }
});

afterAll(async () => {
  await reader?.stop();
  await service?.stop();
  await bus?.disconnect();
  await db?.drop();
});

async function api(method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${service.url}${path}`, { method, headers: ADMIN, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: res.status, body: res.status === 204 ? undefined : await res.json() };
}

function event(fields: Partial<BehaviourEvent> & Pick<BehaviourEvent, 'type'>, at = clock.now()): BehaviourEvent {
  return { v: 1, workspaceId: 'dev', messageId: randomUUID(), timestamp: at.toISOString(), receivedAt: clock.now().toISOString(), ...fields };
}

async function publish(topic: string, values: Array<BehaviourEvent | MembershipChange | UserErasure>): Promise<void> {
  await bus.publishBatch(
    values.map((v) => ({ topic: prefix + topic, key: `dev:${'type' in v ? (v.userId ?? v.anonymousId) : v.userId}`, value: JSON.stringify(v) })),
  );
}

const runs = async (userId: string) => (await api('GET', `/v1/users/${encodeURIComponent(userId)}/journeys`)).body as UserJourneyView[];
const runsAre = (userId: string, count: number) =>
  waitFor(async () => ((await runs(userId)).length === count ? runs(userId) : undefined), { what: `${count} runs of ${userId}` });
const sql = (query: string, params: unknown[]) => service.platform.dataSource.query(query, params);

describe('erasure', () => {
  it('removes the person’s runs, timers and links under every id; late messages are dropped; a new person starts apart', async () => {
    const [anon, user] = [`anon-${randomUUID().slice(0, 6)}`, `user-${randomUUID().slice(0, 6)}`];
    const before = new Date(clock.now().getTime() - 1000);
    await publish(TOPICS.events, [event({ type: 'track', anonymousId: anon, event: 'Product Added', properties: { cartId: 'c' } })]);
    await runsAre(anon, 1);
    await publish(TOPICS.events, [event({ type: 'identify', userId: user, anonymousId: anon, traits: { email: `${user}@example.com` } })]);
    const [old] = await runsAre(user, 1);
    expect((await sql(`SELECT 1 FROM journeys.timers WHERE run_id = $1`, [old.runId])).length).toBe(1);

    clock.advance(60_000);
    const erasure: UserErasure = {
      v: 1,
      workspaceId: 'dev',
      erasureId: randomUUID(),
      userId: user,
      ids: [user],
      requestedAt: clock.now().toISOString(),
      suppress: false,
    };
    await publish(TOPICS.userErasures, [erasure]);
    await waitFor(async () => ((await api('GET', `/v1/users/${anon}/erasure/journeys`)).body as { status: string }).status === 'completed', {
      what: 'journeys to erase the person, the anonymous id it merged included',
    });
    expect(await runs(user)).toEqual([]);
    expect(await sql(`SELECT 1 FROM journeys.timers WHERE run_id = $1`, [old.runId])).toEqual([]);
    for (const table of ['users', 'identity_links']) {
      expect(await sql(`SELECT 1 FROM journeys.${table} WHERE ${table === 'users' ? 'user_id' : 'anonymous_id'} = ANY($1::text[])`, [[user, anon]])).toEqual(
        [],
      );
    }

    // Late messages of the erased person (stamped before the request) are dropped; later ones start a new person.
    const vip = (seq: number, at: Date): MembershipChange => ({
      v: 1,
      workspaceId: 'dev',
      userId: user,
      segmentKey: 'vip',
      change: 'entered',
      seq,
      at: at.toISOString(),
      cause: 'event',
    });
    await publish(TOPICS.segmentMembership, [vip(1, before)]);
    await publish(TOPICS.events, [event({ type: 'track', userId: user, event: 'Product Added', properties: { cartId: 'late' } }, before)]);
    clock.advance(60_000);
    await publish(TOPICS.events, [event({ type: 'track', userId: user, event: 'Signed Up' })]);
    await publish(TOPICS.segmentMembership, [vip(2, clock.now())]);
    await waitFor(() => requests.filter((r) => r.userId === user).length === 2, { what: "the new person's two sends" });
    const mine = requests.filter((r) => r.userId === user);
    expect(mine.map((r) => [r.template, r.personSince]).sort()).toEqual([
      ['vip', erasure.requestedAt],
      ['welcome', erasure.requestedAt],
    ]);
    const now = await runs(user);
    expect(now.map((r) => r.journey.key).sort()).toEqual(['vip', 'welcome']);
    expect(now.every((r) => r.runId !== old.runId && r.episode === 1)).toBe(true);
  });
});

describe('retention', () => {
  it('removes runs that ended more than the history period ago, with their sends', async () => {
    const user = `old-${randomUUID().slice(0, 6)}`;
    await publish(TOPICS.events, [event({ type: 'track', userId: user, event: 'Signed Up' })]);
    const [run] = await runsAre(user, 1);
    await waitFor(async () => (await runs(user))[0].status === 'completed', { what: 'the run to end' });
    const retention = service.app.get(ApplyRetentionUseCase);
    while (await retention.execute());
    expect(await runs(user)).toHaveLength(1);
    clock.advance(366 * DAY);
    while (await retention.execute());
    expect(await runs(user)).toEqual([]);
    expect(await sql(`SELECT 1 FROM journeys.sends WHERE run_id = $1`, [run.runId])).toEqual([]);
  });
});
