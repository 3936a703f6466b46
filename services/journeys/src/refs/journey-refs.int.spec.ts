import { DEV_ADMIN_KEY, devWorkspace, loadConfig } from '@cairn/config';
import { RunningService, startService } from '@cairn/runtime';
import { createTestDatabase, ServiceProcess, spawnService, TestDatabase, testConfigFile, testInfra, testTopicPrefix } from '@cairn/testing';
import { journeysService } from '../journeys.service-definition';

/**
 * Journeys checks what a journey references on save and publish: segments with
 * the real segments service, templates and channels with the real messaging
 * service (both as their own processes, under the caller's admin key), coupon
 * pools in its own tables; and what it answers when a service refuses the key,
 * is down, or is not configured.
 */
const OTHER_KEY = 'other-admin-key-0001';
let db: TestDatabase;
let segments: ServiceProcess;
let messaging: ServiceProcess;
let journeys: RunningService;
let unchecked: RunningService;

async function startJourneys(services: Record<string, string>, prefix: string): Promise<RunningService> {
  const config = loadConfig({ service: 'journeys', env: { KAFKA_BROKERS: testInfra().kafkaBrokers, DATABASE_URL: db.url, LOG_LEVEL: 'warn' } });
  // A second workspace that only journeys knows: the other services refuse its key.
  const other = { ...devWorkspace(), id: 'other', writeKeys: ['other-write-key-0001'], adminKeys: [OTHER_KEY] };
  const overrides = { port: 0, services, workspaces: [...config.workspaces, other], kafka: { ...config.kafka!, topicPrefix: prefix } };
  return startService(journeysService, { ...config, ...overrides }, { host: '127.0.0.1' });
}

beforeAll(async () => {
  db = await createTestDatabase();
  const prefix = testTopicPrefix();
  const env = { KAFKA_BROKERS: testInfra().kafkaBrokers, DATABASE_URL: db.url, CAIRN_CONFIG: testConfigFile({ topicPrefix: prefix }) };
  [segments, messaging] = await Promise.all([spawnService({ service: 'segments', env }), spawnService({ service: 'messaging', env })]);
  journeys = await startJourneys({ segments: segments.url, messaging: messaging.url }, prefix);
  unchecked = await startJourneys({}, testTopicPrefix());
});

afterAll(async () => {
  await unchecked?.stop();
  await journeys?.stop();
  await Promise.all([segments?.stop(), messaging?.stop()]);
  await db?.drop();
});

interface Answer {
  status: number;
  body: { code?: string; message?: string; version?: number; status?: string; fields?: Array<{ path: string; message: string }> } & Record<string, unknown>;
}

async function call(base: string, method: string, path: string, body?: unknown, key = DEV_ADMIN_KEY): Promise<Answer> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : {} };
}

const journey = (key: string) => ({
  key,
  name: 'Welcome back',
  entry: { segment: 'gone-quiet', on: 'enter' },
  start: 'check',
  steps: {
    check: { type: 'branch', if: { not: { segment: 'big-spender' } }, then: 'remind', else: null },
    remind: { type: 'send', channel: 'kakao', template: 'come-back', category: 'promotional', coupon: { pool: 'come-back' }, next: null },
  },
});

const paths = (a: Answer) => (a.body.fields ?? []).map((f) => f.path).sort();

async function createReferences(): Promise<void> {
  const condition = { event: 'Order Completed', within: '30d' };
  expect((await call(segments.url, 'POST', '/v1/segments', { key: 'gone-quiet', name: 'Gone quiet', condition })).status).toBe(201);
  expect((await call(segments.url, 'POST', '/v1/segments', { key: 'big-spender', name: 'Big spender', condition })).status).toBe(201);
  expect((await call(messaging.url, 'POST', '/v1/channels', { key: 'kakao', type: 'log', config: {} })).status).toBe(201);
  expect((await call(messaging.url, 'POST', '/v1/templates', { key: 'come-back', channel: 'kakao', content: { text: 'Hi' } })).status).toBe(201);
  expect((await call(journeys.url, 'PUT', '/v1/coupon-pools/come-back', { mode: 'generated', prefix: 'CB-', length: 8 })).status).toBe(200);
}

describe('journey references', () => {
  it('refuses unknown segments (entry and branch), template, channel and coupon pool, naming each step field', async () => {
    const answer = await call(journeys.url, 'POST', '/v1/journeys', journey('welcome'));
    expect(answer.status).toBe(400);
    expect(answer.body.code).toBe('VALIDATION_FAILED');
    expect(paths(answer)).toEqual(['entry.segment', 'steps.check.if.not.segment', 'steps.remind.channel', 'steps.remind.coupon.pool', 'steps.remind.template']);
    expect(answer.body.fields).toContainEqual({ path: 'steps.remind.template', message: 'unknown template "come-back"' });
  });

  it('saves and publishes once they exist, and publishing checks again', async () => {
    await createReferences();
    expect((await call(journeys.url, 'POST', '/v1/journeys', journey('welcome'))).status).toBe(201);
    expect((await call(journeys.url, 'POST', '/v1/journeys/welcome/publish')).body).toMatchObject({ version: 1, status: 'active' });

    expect((await call(messaging.url, 'DELETE', '/v1/templates/come-back')).status).toBe(204);
    const republish = await call(journeys.url, 'POST', '/v1/journeys/welcome/publish');
    expect(republish.status).toBe(400);
    expect(paths(republish)).toEqual(['steps.remind.template']);
    expect((await call(messaging.url, 'POST', '/v1/templates', { key: 'come-back', channel: 'kakao', content: { text: 'Hi' } })).status).toBe(201);
  });

  it('finds references by key with one list request per kind (?keys= on segments, templates and channels)', async () => {
    const found = await call(segments.url, 'GET', '/v1/segments?keys=gone-quiet,nope');
    expect((found.body.segments as Array<{ key: string }>).map((s) => s.key)).toEqual(['gone-quiet']);
    expect(((await call(messaging.url, 'GET', '/v1/templates?keys=come-back,nope')).body.templates as Array<{ key: string }>).map((t) => t.key)).toEqual([
      'come-back',
    ]);
    expect((await call(messaging.url, 'GET', '/v1/channels?keys=nope')).body.channels as unknown[]).toEqual([]);
    for (const [base, path] of [
      [segments.url, '/v1/segments'],
      [messaging.url, '/v1/templates'],
      [messaging.url, '/v1/channels'],
    ]) {
      const bad = await call(base, 'GET', `${path}?keys=,`);
      expect([bad.status, paths(bad)]).toEqual([400, ['keys']]);
    }
  });

  it('answers 403 REFERENCE_CHECK_FORBIDDEN when another service refuses the admin key', async () => {
    const answer = await call(journeys.url, 'POST', '/v1/journeys', journey('other'), OTHER_KEY);
    expect([answer.status, answer.body.code]).toEqual([403, 'REFERENCE_CHECK_FORBIDDEN']);
    expect(answer.body.message).toMatch(/the (segments|messaging) service refused this admin key/);
  });

  it('does not check segments, templates and channels without a services configuration; coupon pools still are', async () => {
    const unknown = { ...journey('unchecked'), entry: { segment: 'no-such-segment', on: 'enter' } };
    expect((await call(unchecked.url, 'POST', '/v1/journeys', unknown)).status).toBe(201);
    expect((await call(unchecked.url, 'POST', '/v1/journeys/unchecked/publish')).status).toBe(200);
    const noPool = { ...journey('no-pool'), steps: { ...journey('no-pool').steps, remind: { ...journey('no-pool').steps.remind, coupon: { pool: 'nope' } } } };
    const answer = await call(unchecked.url, 'POST', '/v1/journeys', noPool);
    expect([answer.status, paths(answer)]).toEqual([400, ['steps.remind.coupon.pool']]);
  });

  it('answers 503 REFERENCE_CHECK_UNAVAILABLE naming messaging while it is down, and never saves blind', async () => {
    await messaging.stop();
    const answer = await call(journeys.url, 'POST', '/v1/journeys', journey('while-down'));
    expect(answer.status).toBe(503);
    expect(answer.body.code).toBe('REFERENCE_CHECK_UNAVAILABLE');
    expect(answer.body.message).toContain('messaging');
    expect((await call(journeys.url, 'GET', '/v1/journeys/while-down')).status).toBe(404);
    expect((await call(journeys.url, 'POST', '/v1/journeys/welcome/publish')).body.code).toBe('REFERENCE_CHECK_UNAVAILABLE');
  });
});
