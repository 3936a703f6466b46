import { loadConfig } from '@cairn/config';
import { BehaviourEvent, MembershipChange, MessageRequest, TOPICS } from '@cairn/contracts';
import { ManualClock } from '@cairn/core';
import { ConsumerHandle, KafkaJsAdapter } from '@cairn/kafka';
import { RunningService, startService } from '@cairn/runtime';
import { createTestDatabase, TestDatabase, testInfra, testTopicPrefix, waitFor } from '@cairn/testing';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { HandleEventsUseCase } from '../consumer/handle-events/handle-events.usecase';
import { journeysService } from '../journeys.service-definition';
import { UserJourneyView } from '../runs/list-user-journeys/list-user-journeys.usecase';
import { ADMIN, journeysTestBus, readMessageRequests } from '../testing/journeys-topics';

/**
 * One identity from first visit to purchase, on a real Kafka broker and
 * Postgres: an anonymous visitor's runs continue as the user once they sign
 * in (one run, not two; sends to the user), whichever of the two partitions
 * is handled first, also when the merge and the anonymous event race.
 */
const HOUR = 3_600_000;

const cart = {
  key: 'cart',
  name: 'Cart reminder',
  entry: { event: 'Product Added' },
  reentry: { mode: 'cooldown', cooldown: '1d' },
  start: 'wait-for-order',
  steps: {
    'wait-for-order': {
      type: 'waitUntil',
      event: 'Order Completed',
      match: { cartId: '{{ entry.properties.cartId }}' },
      timeout: '1h',
      onEvent: null,
      onTimeout: 'remind',
    },
    remind: { type: 'send', channel: 'kakao', template: 'cart-reminder', category: 'promotional', next: null },
  },
};
const onExit = {
  key: 'hot-exit',
  name: 'Left flagship-hot',
  entry: { segment: 'flagship-hot', on: 'exit' },
  reentry: { mode: 'always' },
  start: 'hold',
  steps: { hold: { type: 'wait', duration: '1h', next: null } },
};

let db: TestDatabase;
let service: RunningService;
let bus: KafkaJsAdapter;
let reader: ConsumerHandle;
let prefix: string;
let locks: Client;
const clock = new ManualClock(Date.UTC(2026, 10, 2, 0, 0));
const requests: MessageRequest[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
  prefix = testTopicPrefix();
  bus = await journeysTestBus([prefix]);
  const config = loadConfig({ service: 'journeys', env: { KAFKA_BROKERS: testInfra().kafkaBrokers, DATABASE_URL: db.url, LOG_LEVEL: 'warn' } });
  service = await startService(journeysService, { ...config, port: 0, kafka: { ...config.kafka!, topicPrefix: prefix } }, { clock, host: '127.0.0.1' });
  reader = await readMessageRequests(bus, [prefix], (request) => requests.push(request));
  for (const journey of [cart, onExit]) {
    expect((await api('POST', '/v1/journeys', journey)).status).toBe(201);
    expect((await api('POST', `/v1/journeys/${journey.key}/publish`)).status).toBe(200);
  }
  locks = new Client({ connectionString: db.url });
  await locks.connect();
});

afterAll(async () => {
  await locks?.end();
  await reader?.stop();
  await service?.stop();
  await bus?.disconnect();
  await db?.drop();
});

async function api(method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${service.url}${path}`, { method, headers: ADMIN, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: res.status, body: res.status === 204 ? undefined : await res.json() };
}

function event(fields: Partial<BehaviourEvent> & Pick<BehaviourEvent, 'type'>): BehaviourEvent {
  const at = clock.now().toISOString();
  return { v: 1, workspaceId: 'dev', messageId: randomUUID(), timestamp: at, receivedAt: at, ...fields };
}

const added = (ids: { userId?: string; anonymousId?: string }, cartId: string) =>
  event({ type: 'track', ...ids, event: 'Product Added', properties: { cartId, name: '린넨 셔츠' } });
const ordered = (userId: string, cartId: string) => event({ type: 'track', userId, event: 'Order Completed', properties: { cartId } });
const signedIn = (userId: string, anonymousId: string, name: string) => event({ type: 'identify', userId, anonymousId, traits: { name } });

async function publish(values: BehaviourEvent[]): Promise<void> {
  await bus.publishBatch(values.map((v) => ({ topic: prefix + TOPICS.events, key: `dev:${v.userId ?? v.anonymousId}`, value: JSON.stringify(v) })));
}

async function runs(userId: string): Promise<UserJourneyView[]> {
  return (await api('GET', `/v1/users/${encodeURIComponent(userId)}/journeys`)).body as UserJourneyView[];
}

async function runsOf(userId: string, journey: string, count: number): Promise<UserJourneyView[]> {
  return waitFor(
    async () => {
      const found = (await runs(userId)).filter((r) => r.journey.key === journey);
      return found.length === count ? found : undefined;
    },
    { what: `${count} ${journey} runs of ${userId}` },
  );
}

const requestsFor = (template: string) => requests.filter((r) => r.template === template);

describe('an anonymous visitor who signs in', () => {
  it('keeps the cart run started anonymously: one run, now the user’s, and the reminder goes to the user by name', async () => {
    await publish([added({ anonymousId: 'anon-1' }, 'c-1')]);
    await runsOf('anon-1', 'cart', 1);
    await publish([signedIn('kim', 'anon-1', '김민지')]);
    const [run] = await runsOf('kim', 'cart', 1);
    expect(run).toMatchObject({ status: 'active', step: 'wait-for-order', episode: 1 });
    expect(await runs('anon-1')).toEqual([]);

    // Events of the anonymous id now count for the user: a second cart add finds the active run.
    await publish([added({ anonymousId: 'anon-1' }, 'c-1b')]);
    await publish([added({ userId: 'kim' }, 'c-1c')]);
    clock.advance(HOUR + 1);
    await waitFor(() => requestsFor('cart-reminder').some((r) => r.userId === 'kim'), { what: 'the reminder' });
    const reminders = requestsFor('cart-reminder').filter((r) => r.userId === 'kim' || r.userId === 'anon-1');
    expect(reminders.map((r) => [r.userId, r.journey?.runId, (r.context.user as { name?: string }).name])).toEqual([['kim', run.runId, '김민지']]);
    expect(await runsOf('kim', 'cart', 1)).toEqual([expect.objectContaining({ runId: run.runId, status: 'completed' })]);
  });

  it('counts anonymous events handled after the sign-in for the user', async () => {
    await publish([signedIn('lee', 'anon-2', '이서준'), added({ userId: 'lee' }, 'c-2')]);
    await runsOf('lee', 'cart', 1);
    // The anonymous id's order (its own partition) now counts for lee: lee's run waiting for that cart ends.
    await publish([event({ type: 'track', anonymousId: 'anon-2', event: 'Order Completed', properties: { cartId: 'c-2' } })]);
    await waitFor(async () => (await runs('lee')).some((r) => r.status === 'completed'), { what: "lee's run to end on the anonymous order" });
    expect(await runs('anon-2')).toEqual([]);
  });

  it('sends nothing when the user orders the cart after signing in', async () => {
    await publish([added({ anonymousId: 'anon-3' }, 'c-3')]);
    await runsOf('anon-3', 'cart', 1);
    await publish([signedIn('park', 'anon-3', '박하은'), ordered('park', 'c-3')]);
    await waitFor(async () => (await runs('park')).some((r) => r.status === 'completed'), { what: "park's run to end on the order" });
    clock.advance(HOUR + 1);
    await publish([added({ userId: 'sentinel-3' }, 'c-s3')]);
    await runsOf('sentinel-3', 'cart', 1);
    expect(requestsFor('cart-reminder').filter((r) => ['park', 'anon-3'].includes(r.userId))).toEqual([]);
  });

  it('keeps one active run when both ids had one: the earlier goes on, the other exits as merged', async () => {
    await publish([added({ anonymousId: 'anon-4' }, 'c-4a')]);
    await runsOf('anon-4', 'cart', 1);
    clock.advance(60_000);
    await publish([added({ userId: 'choi' }, 'c-4b')]);
    await runsOf('choi', 'cart', 1);
    await publish([signedIn('choi', 'anon-4', '최지우')]);
    const merged = await waitFor(
      async () => {
        const found = await runs('choi');
        return found.length === 2 && found.some((r) => r.exitReason === 'merged') ? found : undefined;
      },
      { what: 'the two runs to be merged' },
    );
    expect(merged.map((r) => [r.status, r.exitReason, r.episode]).sort()).toEqual([
      ['active', null, 2],
      ['exited', 'merged', 1],
    ]);
    clock.advance(HOUR + 1);
    await waitFor(() => requestsFor('cart-reminder').some((r) => r.userId === 'choi'), { what: "choi's reminder" });
    const toChoi = requestsFor('cart-reminder').filter((r) => r.userId === 'choi' || r.userId === 'anon-4');
    expect(toChoi.map((r) => [r.userId, (r.context.entry as { properties: { cartId: string } }).properties.cartId])).toEqual([['choi', 'c-4a']]);
  });

  it('skips the exits segments publishes for an id it merged, so no exit journey starts for it', async () => {
    const exit: MembershipChange = {
      v: 1,
      workspaceId: 'dev',
      userId: 'anon-5',
      segmentKey: 'flagship-hot',
      change: 'exited',
      seq: 2,
      at: clock.now().toISOString(),
      cause: 'identity',
      mergedInto: 'yoon',
    };
    const real: MembershipChange = { ...exit, userId: 'yoon-twin', seq: 1, cause: 'event', mergedInto: undefined };
    await bus.publishBatch([exit, real].map((v) => ({ topic: prefix + TOPICS.segmentMembership, key: `dev:${v.userId}`, value: JSON.stringify(v) })));
    await runsOf('yoon-twin', 'hot-exit', 1);
    expect(await runs('anon-5')).toEqual([]);
  });
});

describe('a merge racing an anonymous event on another partition', () => {
  const key = (id: string) => `dev:${id}`;

  async function waiting(count: number): Promise<void> {
    await waitFor(
      async () => {
        const rows = await locks.query(`SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted`);
        return rows.rows[0].n >= count;
      },
      { what: `${count} transactions waiting for the held identity lock` },
    );
  }

  // The two batches are handed to the use case directly, as two partitions' batches would be, in a chosen order.
  it.each([
    ['the merge', 'first'],
    ['the anonymous event', 'second'],
  ])('ends with one run of the user when %s waited first', async (_first, order) => {
    const anonymousId = `anon-race-${order}`;
    const userId = `racer-${order}`;
    const handle = service.app.get(HandleEventsUseCase);
    const link = signedIn(userId, anonymousId, 'Racer');
    const anonymous = added({ anonymousId }, `c-${order}`);
    const [first, second] = order === 'first' ? [link, anonymous] : [anonymous, link];
    await locks.query('BEGIN');
    await locks.query(`SELECT pg_advisory_xact_lock(hashtext('cairn.journeys'), hashtext($1))`, [key(anonymousId)]);
    let batches: Array<Promise<void>> = [];
    try {
      batches = [handle.execute({ events: [first] })];
      await waiting(1);
      batches.push(handle.execute({ events: [second] }));
      await waiting(2);
    } finally {
      await locks.query('COMMIT');
    }
    await Promise.all(batches);
    const [run] = await runsOf(userId, 'cart', 1);
    expect(run).toMatchObject({ status: 'active', episode: 1 });
    expect(await runs(anonymousId)).toEqual([]);
  });
});
