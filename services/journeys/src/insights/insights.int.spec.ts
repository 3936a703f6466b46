import { devWorkspace, loadConfig } from '@cairn/config';
import { BehaviourEvent, TOPICS } from '@cairn/contracts';
import { ManualClock } from '@cairn/core';
import { KafkaJsAdapter } from '@cairn/kafka';
import { RunningService, startService } from '@cairn/runtime';
import { createTestDatabase, TestDatabase, testInfra, testTopicPrefix, waitFor } from '@cairn/testing';
import { upliftInterval } from '@cairn/journeys-domain';
import { journeysService } from '../journeys.service-definition';
import { ADMIN, journeysTestBus } from '../testing/journeys-topics';
import { StepCountsView } from './step-counts/step-counts.usecase';
import { UpliftView } from './journey-uplift/journey-uplift.usecase';
import { VersionsView } from './list-versions/list-versions.usecase';

/**
 * The console's journey insights on a real Kafka and Postgres: per-step
 * counts (reached, waiting now, left, exited there) as runs move, the
 * published versions, and the uplift with its confidence interval.
 */
const journey = {
  key: 'insight',
  name: 'Insight',
  entry: { event: 'Signed Up' },
  reentry: { mode: 'once' },
  exitOn: [{ event: 'Unsubscribed' }],
  goal: { event: 'Order Completed', within: '7d' },
  holdout: 0.3,
  start: 'wait-order',
  steps: {
    'wait-order': { type: 'waitUntil', event: 'Order Completed', timeout: '1h', onEvent: null, onTimeout: 'nudge' },
    nudge: { type: 'send', channel: 'kakao', template: 'hello', category: 'promotional', next: null },
  },
};
const USERS = Array.from({ length: 10 }, (_, i) => `u-${i}`);
const OTHER = { ...devWorkspace(), id: 'other', name: 'Other', writeKeys: ['other-write-key'], adminKeys: ['other-admin-key'] };

let db: TestDatabase;
let service: RunningService;
let bus: KafkaJsAdapter;
let prefix: string;
const clock = new ManualClock(Date.now());

beforeAll(async () => {
  db = await createTestDatabase();
  prefix = testTopicPrefix();
  bus = await journeysTestBus([prefix]);
  const config = loadConfig({ service: 'journeys', env: { KAFKA_BROKERS: testInfra().kafkaBrokers, DATABASE_URL: db.url, LOG_LEVEL: 'warn' } });
  service = await startService(
    journeysService,
    { ...config, workspaces: [devWorkspace(), OTHER], port: 0, kafka: { ...config.kafka!, topicPrefix: prefix } },
    { host: '127.0.0.1', clock },
  );
  await waitFor(async () => (await fetch(`${service.url}/health/ready`)).status === 200, { what: 'ready', timeoutMs: 30_000 });
});

afterAll(async () => {
  await service?.stop();
  await bus?.disconnect();
  await db?.drop();
});

async function get<T>(path: string, headers: Record<string, string> = ADMIN): Promise<{ status: number; body: T }> {
  const res = await fetch(`${service.url}${path}`, { headers });
  return { status: res.status, body: (await res.json()) as T };
}

async function track(event: string, users: string[]): Promise<void> {
  const at = clock.now().toISOString();
  const events: BehaviourEvent[] = users.map((userId) => ({
    v: 1,
    workspaceId: 'dev',
    messageId: `${event}-${userId}`,
    type: 'track',
    userId,
    event,
    timestamp: at,
    receivedAt: at,
  }));
  await bus.publishBatch(events.map((e) => ({ topic: prefix + TOPICS.events, key: `dev:${e.userId}`, value: JSON.stringify(e) })));
}

const stepsOf = (view: StepCountsView) => Object.fromEntries(view.steps.map((s) => [s.id, [s.reached, s.waiting, s.left, s.exited]]));

describe('journey insights for the console', () => {
  it('counts per step the runs that reached it, wait in it now, left it and exited there, as runs move', async () => {
    await fetch(`${service.url}/v1/journeys`, { method: 'POST', headers: ADMIN, body: JSON.stringify(journey) });
    await fetch(`${service.url}/v1/journeys/insight/publish`, { method: 'POST', headers: ADMIN });
    await track('Signed Up', USERS);
    await waitFor(async () => (await get<StepCountsView>('/v1/journeys/insight/versions/current/steps')).body.runs?.entered === 10, { what: '10 runs' });

    // u-0 leaves by the exit criteria while waiting, u-1 orders (the waitUntil's event: the run completes and converts).
    await track('Unsubscribed', ['u-0']);
    await track('Order Completed', ['u-1']);
    const before = await waitFor(
      async () => {
        const { body } = await get<StepCountsView>('/v1/journeys/insight/versions/1/steps');
        return body.steps.find((s) => s.id === 'wait-order')?.waiting === 8 ? body : undefined;
      },
      { what: 'two runs out of wait-order' },
    );
    expect(stepsOf(before)).toEqual({ 'wait-order': [10, 8, 2, 1], nudge: [0, 0, 0, 0] });
    expect(before.runs).toEqual({ entered: 10, active: 8, completed: 1, exited: 1 });
    expect(before.steps.map((s) => [s.id, s.type, s.next])).toEqual([
      [
        'wait-order',
        'waitUntil',
        [
          { to: null, on: 'event' },
          { to: 'nudge', on: 'timeout' },
        ],
      ],
      ['nudge', 'send', [{ to: null, on: 'next' }]],
    ]);
    expect(before.definition.start).toBe('wait-order');

    // The hour runs out: the eight waiting runs go on to the send step and complete.
    clock.advance(61 * 60_000);
    const after = await waitFor(
      async () => {
        const { body } = await get<StepCountsView>('/v1/journeys/insight/versions/current/steps');
        return body.steps.find((s) => s.id === 'nudge')?.reached === 8 ? body : undefined;
      },
      { what: 'the timeouts to fire' },
    );
    expect(stepsOf(after)).toEqual({ 'wait-order': [10, 0, 10, 1], nudge: [8, 0, 8, 0] });
  });

  it('lists the published versions, newest first, with their runs', async () => {
    await fetch(`${service.url}/v1/journeys/insight`, { method: 'PUT', headers: ADMIN, body: JSON.stringify({ ...journey, name: 'Insight 2' }) });
    await fetch(`${service.url}/v1/journeys/insight/publish`, { method: 'POST', headers: ADMIN });
    const { status, body } = await get<VersionsView>('/v1/journeys/insight/versions');
    expect(status).toBe(200);
    expect(body.journey).toMatchObject({ key: 'insight', status: 'active', version: 2 });
    expect(body.versions.map((v) => [v.version, v.current, v.runs])).toEqual([
      [2, true, 0],
      [1, false, 10],
    ]);
    expect((await get<StepCountsView>('/v1/journeys/insight/versions/current/steps')).body.runs.entered).toBe(0);
  });

  it('answers treatment vs holdout conversion with the uplift and its Newcombe interval', async () => {
    const { status, body } = await get<UpliftView>('/v1/journeys/insight/versions/1/uplift?confidence=0.9');
    expect(status).toBe(200);
    expect(body.treatment.entered + body.holdout.entered).toBe(10);
    expect(body.treatment.converted + body.holdout.converted).toBe(1);
    expect(body.goal).toEqual({ event: 'Order Completed', within: '7d' });
    if (body.treatment.entered > 0 && body.holdout.entered > 0) {
      const expected = upliftInterval(body.treatment, body.holdout, 0.9)!;
      expect(body.uplift.interval).toEqual({ lower: expected.lower, upper: expected.upper, confidence: 0.9, method: 'newcombe-wilson' });
      expect(body.uplift.absolute).toBeCloseTo(expected.difference, 12);
    } else {
      expect(body.uplift.interval).toBeNull();
      expect(body.uplift.reason).toMatch(/nobody entered/);
    }
    // Version 2 has no runs: no rates, no interval, and the reason.
    const empty = await get<UpliftView>('/v1/journeys/insight/versions/2/uplift');
    expect(empty.body.uplift).toEqual({ absolute: null, relative: null, interval: null, reason: 'treatment: nobody entered' });
  });

  it('answers bad input 4xx with a code and the field, and stays in the caller’s workspace', async () => {
    const bad = await get<{ code: string; fields: Array<{ path: string }> }>('/v1/journeys/insight/versions/first/steps');
    expect([bad.status, bad.body.code, bad.body.fields.map((f) => f.path)]).toEqual([400, 'VALIDATION_FAILED', ['version']]);
    const confidence = await get<{ code: string; fields: Array<{ path: string }> }>('/v1/journeys/insight/versions/1/uplift?confidence=1.5');
    expect([confidence.status, confidence.body.code, confidence.body.fields.map((f) => f.path)]).toEqual([400, 'VALIDATION_FAILED', ['confidence']]);
    expect((await get('/v1/journeys/insight/versions/9/steps')).status).toBe(404);
    expect((await get('/v1/journeys/nobody/versions')).status).toBe(404);
    expect((await get('/v1/journeys/insight/versions', {})).status).toBe(401);
    const other = { Authorization: 'Bearer other-admin-key' };
    for (const path of ['/v1/journeys/insight/versions', '/v1/journeys/insight/versions/1/steps', '/v1/journeys/insight/versions/1/uplift']) {
      expect((await get(path, other)).status).toBe(404);
    }
  });

  it('documents the three endpoints in OpenAPI', async () => {
    const docs = (await (await fetch(`${service.url}/docs-json`)).json()) as { paths: Record<string, { get?: unknown }> };
    for (const path of ['/v1/journeys/{id}/versions', '/v1/journeys/{id}/versions/{version}/steps', '/v1/journeys/{id}/versions/{version}/uplift']) {
      expect(docs.paths[path]?.get).toBeDefined();
    }
    expect(JSON.stringify(docs.paths['/v1/journeys/{id}/versions/{version}/uplift'])).toContain('newcombe-wilson');
  });
});
