import { loadConfig } from '@cairn/config';
import { BehaviourEvent, MessageOutcome, MessageRequest, TOPICS } from '@cairn/contracts';
import { ManualClock } from '@cairn/core';
import { ConsumerHandle, KafkaJsAdapter } from '@cairn/kafka';
import { RunningService, startService } from '@cairn/runtime';
import { createTestDatabase, TestDatabase, testInfra, testTopicPrefix, waitFor } from '@cairn/testing';
import { randomUUID } from 'node:crypto';
import { journeysService } from '../../journeys.service-definition';
import { ADMIN, journeysTestBus, readMessageRequests } from '../../testing/journeys-topics';

/**
 * What journeys makes of messaging's outcomes, on Kafka and Postgres: a send
 * step's fallback travels on its request; the stats count what delivery
 * receipts said (delivered, opened, clicked, bounced, complained) and the
 * messages sent through their fallback; a goal naming a message event
 * (`Message Clicked`) converts the run when its receipt comes in its window.
 */
const DAY = 86_400_000;
const shipping = {
  key: 'shipping',
  name: 'Shipping notice',
  entry: { event: 'Order Shipped' },
  reentry: { mode: 'always' },
  goal: { event: 'Message Clicked', where: { step: 'notify' }, within: '2d' },
  start: 'notify',
  steps: {
    notify: {
      type: 'send',
      channel: 'kakao',
      template: 'shipped',
      category: 'transactional',
      fallback: { channel: 'sms', template: 'shipped-sms' },
      next: null,
    },
  },
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
});

afterAll(async () => {
  await reader?.stop();
  await service?.stop();
  await bus?.disconnect();
  await db?.drop();
});

// Answers are asserted field by field; a loose type keeps the assertions readable.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

async function api(method: string, path: string, body?: unknown): Promise<{ status: number; body: Json }> {
  const res = await fetch(`${service.url}${path}`, { method, headers: ADMIN, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: res.status, body: await res.json() };
}

async function ship(userId: string): Promise<MessageRequest> {
  const at = clock.now().toISOString();
  const event: BehaviourEvent = {
    v: 1,
    workspaceId: 'dev',
    messageId: randomUUID(),
    type: 'track',
    userId,
    event: 'Order Shipped',
    properties: {},
    timestamp: at,
    receivedAt: at,
  };
  await bus.publishBatch([{ topic: prefix + TOPICS.events, key: `dev:${userId}`, value: JSON.stringify(event) }]);
  return waitFor(async () => requests.find((r) => r.userId === userId), { what: `the request for ${userId}` });
}

async function outcomes(request: MessageRequest, list: Array<Partial<MessageOutcome> & Pick<MessageOutcome, 'status'>>): Promise<void> {
  const { workspaceId, userId, idempotencyKey, journey, channel } = request;
  const values = list.map((o) => ({ v: 1, workspaceId, userId, idempotencyKey, journey, channel, at: clock.now().toISOString(), ...o }));
  await bus.publishBatch(values.map((v) => ({ topic: prefix + TOPICS.messageOutcomes, key: `dev:${userId}`, value: JSON.stringify(v) })));
}

const delivery = async () => (await api('GET', '/v1/journeys/shipping/stats')).body.versions[0].delivery;
const converted = async (userId: string) => (await api('GET', `/v1/users/${userId}/journeys`)).body[0]?.converted;

describe('message outcomes in journeys', () => {
  beforeAll(async () => {
    expect((await api('POST', '/v1/journeys', shipping)).status).toBe(201);
    expect((await api('POST', '/v1/journeys/shipping/publish')).status).toBe(200);
  });

  it('puts the send step’s fallback on its message request', async () => {
    const request = await ship('minji');
    expect(request).toMatchObject({ channel: 'kakao', template: 'shipped', category: 'transactional', fallback: { channel: 'sms', template: 'shipped-sms' } });
  });

  it('counts receipts and fallbacks in the stats, once per message and kind, and converts on a clicked message', async () => {
    const request = requests.find((r) => r.userId === 'minji')!;
    await outcomes(request, [{ status: 'SENT', fallback: { channel: 'sms', status: 'SENT' } }, { status: 'DELIVERED' }, { status: 'OPENED' }]);
    await outcomes(request, [{ status: 'DELIVERED' }, { status: 'CLICKED' }]);
    const stats = await waitFor(
      async () => {
        const d = await delivery();
        return d.clicked === 1 ? d : undefined;
      },
      { what: 'the clicked message in the stats' },
    );
    expect(stats).toMatchObject({ sent: 1, delivered: 1, opened: 1, clicked: 1, bounced: { hard: 0, soft: 0 }, complained: 0, viaFallback: 1 });
    expect(await converted('minji')).toBe(true);
    expect((await api('GET', '/v1/journeys/shipping/stats')).body.versions[0].treatment).toMatchObject({ entered: 1, converted: 1 });
  });

  it('does not convert on a click after the goal’s window, nor on a message event the goal does not name', async () => {
    const request = await ship('jiwoo');
    clock.advance(3 * DAY);
    await outcomes(request, [{ status: 'SENT' }, { status: 'BOUNCED', bounce: 'hard' }, { status: 'CLICKED' }]);
    await waitFor(async () => (await delivery()).bounced.hard === 1, { what: 'the bounce in the stats' });
    expect(await converted('jiwoo')).toBe(false);
    expect(await delivery()).toMatchObject({ sent: 2, clicked: 2, viaFallback: 1 });
  });
});
