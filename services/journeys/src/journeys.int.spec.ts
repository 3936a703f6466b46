import { loadConfig } from '@cairn/config';
import { BehaviourEvent, MembershipChange, MessageOutcome, MessageRequest, TOPICS } from '@cairn/contracts';
import { ManualClock } from '@cairn/core';
import { ConsumerHandle, KafkaJsAdapter } from '@cairn/kafka';
import { RunningService, startService } from '@cairn/runtime';
import { createTestDatabase, TestDatabase, testInfra, testTopicPrefix, waitFor } from '@cairn/testing';
import { randomUUID } from 'node:crypto';
import { idempotencyKey } from '@cairn/journeys-domain';
import { journeysService } from './journeys.service-definition';
import { JourneyView } from './definitions/journey.view';
import { JourneyStatsView } from './runs/get-journey-stats/get-journey-stats.usecase';
import { UserJourneyView } from './runs/list-user-journeys/list-user-journeys.usecase';
import { ADMIN, journeysTestBus, readMessageRequests } from './testing/journeys-topics';

/**
 * The journeys service on a real Kafka broker and Postgres, with a manual
 * clock: journeys over REST, entries from events and segment changes, durable
 * timers, interrupting exits and message requests through the outbox.
 */
const MINUTE = 60_000;

const cart = {
  key: 'cart',
  name: 'Cart abandonment',
  entry: { event: 'Product Added' },
  reentry: { mode: 'cooldown', cooldown: '1d' },
  exitOn: [{ event: 'Order Completed' }],
  goal: { event: 'Order Completed', within: '3d' },
  start: 'wait',
  steps: {
    wait: { type: 'wait', duration: '10m', next: 'remind' },
    remind: { type: 'send', channel: 'kakao', template: 'cart-reminder', category: 'promotional', next: null },
  },
};
const welcome = {
  key: 'welcome-back',
  name: 'Welcome back',
  entry: { segment: 'dormant', on: 'enter' },
  start: 'send',
  steps: { send: { type: 'send', channel: 'kakao', template: 'welcome-back', category: 'promotional', coupon: { pool: 'wb' }, next: null } },
};
const secret = {
  key: 'flagship-secret',
  name: 'Secret coupon for the flagship',
  entry: { event: 'Product Viewed', where: { productId: 'P-100' } },
  reentry: { mode: 'once' },
  start: 'send',
  steps: { send: { type: 'send', channel: 'kakao', template: 'flagship-secret', category: 'promotional', coupon: { pool: 'secret' }, next: null } },
};

let db: TestDatabase;
let service: RunningService;
let bus: KafkaJsAdapter;
let reader: ConsumerHandle;
let prefix: string;
const clock = new ManualClock(Date.UTC(2026, 10, 2, 1, 0));
const requests: MessageRequest[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
  prefix = testTopicPrefix();
  bus = await journeysTestBus([prefix]);
  const config = loadConfig({ service: 'journeys', env: { KAFKA_BROKERS: testInfra().kafkaBrokers, DATABASE_URL: db.url, LOG_LEVEL: 'warn' } });
  service = await startService(journeysService, { ...config, port: 0, kafka: { ...config.kafka!, topicPrefix: prefix } }, { clock, host: '127.0.0.1' });
  reader = await readMessageRequests(bus, [prefix], (request) => requests.push(request));
  await waitFor(async () => ((await (await fetch(`${service.url}/health/ready`)).json()) as { status: string }).status === 'ready', {
    what: 'ready',
    timeoutMs: 30_000,
  });
});

afterAll(async () => {
  await reader?.stop();
  await service?.stop();
  await bus?.disconnect();
  await db?.drop();
});

/** A JSON answer: a journey, an error ({ code, fields }), stats or a list. */
type Answer = Partial<JourneyView> & Partial<JourneyStatsView> & { code?: string; fields?: Array<{ path: string }> };

async function api<T = Answer>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
  const res = await fetch(`${service.url}${path}`, { method, headers: ADMIN, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: res.status, body: (res.status === 204 ? undefined : await res.json()) as T };
}

function track(userId: string, event: string, properties: Record<string, unknown> = {}, messageId = randomUUID()): BehaviourEvent {
  const at = clock.now().toISOString();
  return { v: 1, workspaceId: 'dev', messageId, type: 'track', userId, event, properties, timestamp: at, receivedAt: at };
}

async function publish(topic: string, values: Array<BehaviourEvent | MembershipChange>): Promise<void> {
  await bus.publishBatch(values.map((v) => ({ topic: prefix + topic, key: `dev:${v.userId}`, value: JSON.stringify(v) })));
}

async function runsOf(userId: string): Promise<UserJourneyView[]> {
  return (await api<UserJourneyView[]>('GET', `/v1/users/${userId}/journeys`)).body;
}

describe('journeys over REST', () => {
  it('validates, creates, updates, publishes versions, pauses and resumes', async () => {
    const broken = await api('POST', '/v1/journeys', { ...cart, steps: { ...cart.steps, wait: { ...cart.steps.wait, next: 'nowhere' } } });
    expect(broken.status).toBe(400);
    expect(broken.body.fields).toEqual(expect.arrayContaining([expect.objectContaining({ path: 'steps.wait.next' })]));

    const created = await api('POST', '/v1/journeys', { ...cart, name: 'Draft name' });
    expect(created).toMatchObject({ status: 201, body: { key: 'cart', status: 'draft', version: null } });
    expect((await api('POST', '/v1/journeys', cart)).status).toBe(409);
    expect((await api('POST', `/v1/journeys/${created.body.id}/pause`)).status).toBe(409);

    const updated = await api('PUT', `/v1/journeys/${created.body.id}`, cart);
    expect(updated.body).toMatchObject({ name: 'Cart abandonment', status: 'draft' });
    expect((await api('PUT', '/v1/journeys/cart', { ...cart, key: 'other' })).status).toBe(400);

    expect((await api('POST', '/v1/journeys/cart/publish')).body).toMatchObject({ status: 'active', version: 1 });
    expect((await api('POST', '/v1/journeys/cart/pause')).body).toMatchObject({ status: 'paused' });
    expect((await api('POST', '/v1/journeys/cart/resume')).body).toMatchObject({ status: 'active', version: 1 });
    expect((await api('GET', `/v1/journeys/${created.body.id}`)).body).toMatchObject({ key: 'cart', version: 1 });
    expect((await api<JourneyView[]>('GET', '/v1/journeys')).body.map((j: { key: string }) => j.key)).toEqual(['cart']);

    const temp = await api('POST', '/v1/journeys', { ...cart, key: 'temp' });
    expect((await api('DELETE', `/v1/journeys/${temp.body.id}`)).status).toBe(204);
    expect((await api('GET', '/v1/journeys/temp')).body).toMatchObject({ code: 'NOT_FOUND' });
    expect((await fetch(`${service.url}/v1/journeys`)).status).toBe(401);
  });
});

describe('cart abandonment on Kafka with durable timers', () => {
  it('sends exactly one reminder after the wait, none when the order comes mid-wait, and ignores redelivery', async () => {
    const entry = track('u-cart', 'Product Added', { cartId: 'c1', name: 'Linen shirt' });
    await publish(TOPICS.events, [entry, track('u-order', 'Product Added', { cartId: 'c2' })]);
    await publish(TOPICS.events, [entry]); // the same message delivered again
    await waitFor(async () => (await runsOf('u-cart')).length === 1 && (await runsOf('u-order')).length === 1, { what: 'two runs' });

    await publish(TOPICS.events, [track('u-order', 'Order Completed', { cartId: 'c2' })]);
    const [exited] = await waitFor(async () => ((await runsOf('u-order'))[0]?.status === 'exited' ? runsOf('u-order') : undefined), {
      what: 'the ordering user to exit',
    });
    expect(exited).toMatchObject({ exitReason: 'exit_criteria', converted: true });

    // A new version while the user waits: the run finishes on the version it started on.
    await api('PUT', '/v1/journeys/cart', { ...cart, steps: { ...cart.steps, wait: { ...cart.steps.wait, duration: '2h' } } });
    expect((await api('POST', '/v1/journeys/cart/publish')).body).toMatchObject({ version: 2 });

    clock.advance(11 * MINUTE);
    const [run] = await runsOf('u-cart');
    await waitFor(() => requests.some((r) => r.userId === 'u-cart'), { what: 'the reminder', timeoutMs: 20_000 });
    const reminders = requests.filter((r) => r.journey?.key === 'cart');
    expect(reminders).toEqual([
      expect.objectContaining({
        userId: 'u-cart',
        template: 'cart-reminder',
        idempotencyKey: idempotencyKey(run.runId, 'remind', 1),
        journey: { key: 'cart', version: 1, runId: run.runId, step: 'remind' },
        context: expect.objectContaining({ entry: expect.objectContaining({ properties: { cartId: 'c1', name: 'Linen shirt' } }) }),
      }),
    ]);
    expect(await runsOf('u-cart')).toEqual([expect.objectContaining({ status: 'completed', episode: 1 })]);

    const { workspaceId, userId, idempotencyKey: key, journey, channel } = reminders[0];
    const outcome: MessageOutcome = { v: 1, workspaceId, userId, idempotencyKey: key, journey, channel, status: 'SENT', at: clock.now().toISOString() };
    await bus.publishBatch([{ topic: prefix + TOPICS.messageOutcomes, key: 'dev:u-cart', value: JSON.stringify(outcome) }]);
    const stats = await waitFor(
      async () => {
        const body = (await api('GET', '/v1/journeys/cart/stats')).body;
        return body.versions?.[0]?.messages.sent === 1 ? body : undefined;
      },
      { what: 'the sent outcome in the stats' },
    );
    expect(stats.versions).toEqual([expect.objectContaining({ version: 1, entered: 2, exitsByReason: { exit_criteria: 1 }, messages: { sent: 1 } })]);
  });
});

describe('segment entries', () => {
  it('fires a welcome-back message when the user enters the dormant segment', async () => {
    expect((await api('PUT', '/v1/coupon-pools/wb', { mode: 'generated', prefix: 'WB-', length: 8 })).status).toBe(200);
    await api('POST', '/v1/journeys', welcome);
    await api('POST', '/v1/journeys/welcome-back/publish');
    const change: MembershipChange = {
      v: 1,
      workspaceId: 'dev',
      userId: 'u-dormant',
      segmentKey: 'dormant',
      change: 'entered',
      seq: 1,
      at: clock.now().toISOString(),
      cause: 'time',
      traits: { name: 'Mina' },
    };
    await publish(TOPICS.segmentMembership, [change, change]);
    const request = await waitFor(() => requests.find((r) => r.userId === 'u-dormant'), { what: 'the welcome-back request' });
    expect(request).toMatchObject({
      template: 'welcome-back',
      context: { user: { name: 'Mina' }, coupon: { pool: 'wb', code: expect.stringMatching(/^WB-[A-Z2-9]{8}$/) } },
    });
    expect(await runsOf('u-dormant')).toEqual([expect.objectContaining({ status: 'completed', journey: expect.objectContaining({ key: 'welcome-back' }) })]);
  });
});

describe('coupons', () => {
  it('gives the secret coupon once ever per user, with one unique code from the uploaded list', async () => {
    const pool = await api('PUT', '/v1/coupon-pools/secret', { mode: 'list', codes: ['S-1', 'S-2', 'S-3'] });
    expect(pool.body).toMatchObject({ mode: 'list', available: 3, assigned: 0 });
    expect((await api('PUT', '/v1/coupon-pools/bad', { mode: 'generated', codes: ['x'] })).body.fields).toEqual([expect.objectContaining({ path: 'codes' })]);
    await api('POST', '/v1/journeys', secret);
    await api('POST', '/v1/journeys/flagship-secret/publish');
    const view = (userId: string) => track(userId, 'Product Viewed', { productId: 'P-100' });
    await publish(TOPICS.events, [view('u-s1'), view('u-s2')]);
    await waitFor(() => requests.filter((r) => r.template === 'flagship-secret').length === 2, { what: 'two secret coupons' });
    // Viewing again: once ever. A later event of the same user (same partition, so handled after it) marks the point.
    await publish(TOPICS.events, [view('u-s1'), track('u-s1', 'Product Added', { cartId: 'c9' })]);
    await waitFor(async () => (await runsOf('u-s1')).some((r) => r.journey.key === 'cart'), { what: 'the marker run' });
    expect((await runsOf('u-s1')).filter((r) => r.journey.key === 'flagship-secret')).toHaveLength(1);
    const codes = requests.filter((r) => r.template === 'flagship-secret').map((r) => (r.context.coupon as { code: string }).code);
    expect(new Set(codes).size).toBe(2);
    expect(codes.every((c) => ['S-1', 'S-2', 'S-3'].includes(c))).toBe(true);
    expect((await api('GET', '/v1/coupon-pools/secret')).body).toMatchObject({ available: 1, assigned: 2 });
  });
});
