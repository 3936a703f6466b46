import { loadConfig } from '@cairn/config';
import { BehaviourEvent, MessageOutcome, MessageRequest, TOPICS } from '@cairn/contracts';
import { ConsumerHandle, KafkaJsAdapter } from '@cairn/kafka';
import { RunningService, startService } from '@cairn/runtime';
import { createTestDatabase, TestDatabase, testInfra, testTopicPrefix, waitFor } from '@cairn/testing';
import { journeysService } from '../../journeys.service-definition';
import { ADMIN, journeysTestBus, readMessageRequests } from '../../testing/journeys-topics';
import { JourneyStatsView } from './get-journey-stats.usecase';

/**
 * `GET /v1/journeys/:id/stats` counts, per version, the messages requested,
 * sent, deferred, suppressed (by reason) and failed (by reason), from the
 * outcomes messaging publishes on `cairn.message-outcomes.v1`; an outcome
 * delivered twice counts once.
 */
const hello = {
  key: 'hello',
  name: 'Hello',
  entry: { event: 'Signed Up' },
  start: 'send',
  steps: { send: { type: 'send', channel: 'kakao', template: 'hello', category: 'promotional', next: null } },
};

let db: TestDatabase;
let service: RunningService;
let bus: KafkaJsAdapter;
let reader: ConsumerHandle;
let prefix: string;
const requests = new Map<string, MessageRequest>();

beforeAll(async () => {
  db = await createTestDatabase();
  prefix = testTopicPrefix();
  bus = await journeysTestBus([prefix]);
  const config = loadConfig({ service: 'journeys', env: { KAFKA_BROKERS: testInfra().kafkaBrokers, DATABASE_URL: db.url, LOG_LEVEL: 'warn' } });
  service = await startService(journeysService, { ...config, port: 0, kafka: { ...config.kafka!, topicPrefix: prefix } }, { host: '127.0.0.1' });
  reader = await readMessageRequests(bus, [prefix], (request) => requests.set(request.userId, request));
  await waitFor(async () => (await fetch(`${service.url}/health/ready`)).status === 200, { what: 'ready', timeoutMs: 30_000 });
});

afterAll(async () => {
  await reader?.stop();
  await service?.stop();
  await bus?.disconnect();
  await db?.drop();
});

async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${service.url}${path}`, { method, headers: ADMIN, body: body === undefined ? undefined : JSON.stringify(body) });
  return (await res.json()) as T;
}

async function signUp(users: string[]): Promise<MessageRequest[]> {
  const at = new Date().toISOString();
  const events: BehaviourEvent[] = users.map((userId) => ({
    v: 1,
    workspaceId: 'dev',
    messageId: `m-${userId}`,
    type: 'track',
    userId,
    event: 'Signed Up',
    timestamp: at,
    receivedAt: at,
  }));
  await bus.publishBatch(events.map((e) => ({ topic: prefix + TOPICS.events, key: `dev:${e.userId}`, value: JSON.stringify(e) })));
  return waitFor(() => (users.every((u) => requests.has(u)) ? users.map((u) => requests.get(u)!) : undefined), { what: `requests for ${users.join(', ')}` });
}

async function report(outcomes: Array<[MessageRequest, MessageOutcome['status'], string?]>): Promise<void> {
  const values: MessageOutcome[] = outcomes.map(([r, status, reason]) => ({
    v: 1,
    workspaceId: r.workspaceId,
    userId: r.userId,
    idempotencyKey: r.idempotencyKey,
    journey: r.journey,
    channel: r.channel,
    status,
    ...(reason ? { reason } : {}),
    at: new Date().toISOString(),
  }));
  await bus.publishBatch(values.map((o) => ({ topic: prefix + TOPICS.messageOutcomes, key: `dev:${o.userId}`, value: JSON.stringify(o) })));
}

describe('journey stats from message outcomes', () => {
  it('counts requested, sent and suppressed by reason per version, each outcome once', async () => {
    await api('POST', '/v1/journeys', hello);
    await api('POST', '/v1/journeys/hello/publish');
    const [a, b, c, d, e] = await signUp(['u-a', 'u-b', 'u-c', 'u-d', 'u-e', 'u-f']);
    // Deferred, then sent; a sent outcome delivered twice; two caps, one missing consent; f gets no outcome yet.
    await report([
      [a, 'DEFERRED', 'quiet_hours'],
      [b, 'SENT'],
      [c, 'SUPPRESSED', 'frequency_cap'],
      [d, 'SUPPRESSED', 'frequency_cap'],
      [e, 'SUPPRESSED', 'no_consent'],
    ]);
    await report([
      [a, 'SENT'],
      [b, 'SENT'],
    ]);

    await api('PUT', '/v1/journeys/hello', { ...hello, name: 'Hello again' });
    await api('POST', '/v1/journeys/hello/publish');
    const [g, h] = await signUp(['u-g', 'u-h']);
    await report([
      [g, 'FAILED', 'template_not_found'],
      [h, 'SUPPRESSED', 'no_consent'],
    ]);

    const stats = await waitFor(
      async () => {
        const view = await api<JourneyStatsView>('GET', '/v1/journeys/hello/stats');
        const [v1, v2] = view.versions;
        return v1?.delivery.sent === 2 && v1.delivery.suppressed === 3 && v2?.delivery.requested === 2 && v2.delivery.awaitingOutcome === 0 ? view : undefined;
      },
      { what: 'the outcomes in the stats' },
    );
    expect(stats.versions.map((v) => ({ version: v.version, delivery: v.delivery }))).toEqual([
      {
        version: 1,
        delivery: {
          requested: 6,
          awaitingOutcome: 1,
          sent: 2,
          deferred: 0,
          suppressed: 3,
          failed: 0,
          suppressedByReason: { frequency_cap: 2, no_consent: 1 },
          failedByReason: {},
          delivered: 0,
          opened: 0,
          clicked: 0,
          bounced: { hard: 0, soft: 0 },
          complained: 0,
          viaFallback: 0,
        },
      },
      {
        version: 2,
        delivery: {
          requested: 2,
          awaitingOutcome: 0,
          sent: 0,
          deferred: 0,
          suppressed: 1,
          failed: 1,
          suppressedByReason: { no_consent: 1 },
          failedByReason: { template_not_found: 1 },
          delivered: 0,
          opened: 0,
          clicked: 0,
          bounced: { hard: 0, soft: 0 },
          complained: 0,
          viaFallback: 0,
        },
      },
    ]);
    expect(stats.versions[0].messages).toEqual({ requested: 1, sent: 2, suppressed: 3 });

    const docs = (await (await fetch(`${service.url}/docs-json`)).json()) as {
      paths: Record<string, { get?: { responses?: Record<string, { content?: unknown }> } }>;
    };
    expect(JSON.stringify(docs.paths['/v1/journeys/{id}/stats'].get?.responses?.['200'])).toContain('suppressedByReason');
  });
});
