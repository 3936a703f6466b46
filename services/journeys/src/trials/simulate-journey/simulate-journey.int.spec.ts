import { DEV_ADMIN_KEY } from '@cairn/config';
import { ServiceProcess, spawnService, testConfigFile, testInfra, testTopicPrefix } from '@cairn/testing';
import { greeting, JourneysParts, OTHER, sendStep } from '../../testing/journeys-parts';
import { WorkspaceResources } from '../workspace-resources';
import { SimulateJourneyUseCase } from './simulate-journey.usecase';

const AUTHORIZATION = `Bearer ${DEV_ADMIN_KEY}`;
const welcome = { ...greeting('welcome'), steps: { hi: sendStep('hello', { category: 'transactional' }) } };
const scenario = {
  start: '2026-11-02T10:00:00+09:00',
  until: '+1d',
  users: { u1: { traits: { name: '민지' } }, u2: {} },
  events: [{ at: '+5m', userId: 'u1', event: 'Signed Up' }],
};

/**
 * Simulations read the workspace's segments, templates, channels and policy
 * from the real segments and messaging services (each its own process on the
 * test database); without them configured, a simulation is unavailable.
 */
describe('SimulateJourneyUseCase', () => {
  let parts: JourneysParts;
  let segments: ServiceProcess;
  let messaging: ServiceProcess;
  let simulate: SimulateJourneyUseCase;
  let unconfigured: SimulateJourneyUseCase;

  beforeAll(async () => {
    parts = await JourneysParts.start();
    const env = { KAFKA_BROKERS: testInfra().kafkaBrokers, DATABASE_URL: parts.databaseUrl, CAIRN_CONFIG: testConfigFile({ topicPrefix: testTopicPrefix() }) };
    [segments, messaging] = await Promise.all([spawnService({ service: 'segments', env }), spawnService({ service: 'messaging', env })]);
    const post = async (base: string, path: string, body: unknown) => {
      const res = await fetch(`${base}${path}`, {
        method: 'POST',
        headers: { authorization: AUTHORIZATION, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      expect(res.status).toBe(201);
    };
    await post(messaging.url, '/v1/channels', { key: 'kakao', type: 'log', config: {} });
    await post(messaging.url, '/v1/templates', { key: 'hello', channel: 'kakao', category: 'transactional', content: { text: 'Hi {{ user.name }}' } });
    const config = { ...parts.config, services: { segments: segments.url, messaging: messaging.url } };
    simulate = new SimulateJourneyUseCase(parts.dataSource, new WorkspaceResources(parts.dataSource, config));
    unconfigured = new SimulateJourneyUseCase(parts.dataSource, new WorkspaceResources(parts.dataSource, parts.config));
    await parts.draft(welcome);
  }, 60_000);

  afterAll(async () => {
    await Promise.all([segments?.stop(), messaging?.stop()]);
    await parts?.stop();
  });

  it('runs the draft over the scenario with the workspace’s resources, storing and sending nothing', async () => {
    const result = await simulate.execute({ workspace: parts.workspace, idOrKey: 'welcome', body: scenario, authorization: AUTHORIZATION });
    expect(result.messages).toEqual([expect.objectContaining({ userId: 'u1', journey: 'welcome', step: 'hi', template: 'hello', status: 'SENT' })]);
    expect(await parts.requests()).toEqual([]);
    expect(await parts.runs('u1')).toEqual([]);
  });

  it('answers 400 VALIDATION_FAILED naming the scenario field or the version, and 404 for another workspace’s journey or an unknown version', async () => {
    const failure = (command: Partial<Parameters<SimulateJourneyUseCase['execute']>[0]>) =>
      simulate
        .execute({ workspace: parts.workspace, idOrKey: 'welcome', body: scenario, authorization: AUTHORIZATION, ...command })
        .catch((e: { status: number; code: string; fields: Array<{ path: string }> }) => [e.status, e.code, e.fields.map((f) => f.path).join(',')]);
    expect(await failure({ body: { ...scenario, events: [{ at: 'soon', userId: 'u1', event: 'Signed Up' }] } })).toEqual([
      400,
      'VALIDATION_FAILED',
      'events[0].at',
    ]);
    const many = Object.fromEntries(Array.from({ length: 5_001 }, (_, i) => [`u${i}`, {}]));
    expect(await failure({ body: { ...scenario, users: many } })).toEqual([400, 'VALIDATION_FAILED', 'users']);
    expect(await failure({ version: 'abc' })).toEqual([400, 'VALIDATION_FAILED', 'version']);
    expect(await failure({ version: '1' })).toEqual([404, 'NOT_FOUND', '']);
    const theirs = await parts.draft(greeting('theirs'), OTHER.id);
    expect(await failure({ idOrKey: theirs.id })).toEqual([404, 'NOT_FOUND', '']);
  });

  it('answers 503 SIMULATION_UNAVAILABLE when segments and messaging are not configured', async () => {
    await expect(unconfigured.execute({ workspace: parts.workspace, idOrKey: 'welcome', body: scenario, authorization: AUTHORIZATION })).rejects.toMatchObject({
      status: 503,
      code: 'SIMULATION_UNAVAILABLE',
    });
  });
});
