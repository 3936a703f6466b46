import { loadConfig } from '@cairn/config';
import { RunningService, startService } from '@cairn/runtime';
import { createTestDatabase, TestDatabase, testInfra, testTopicPrefix } from '@cairn/testing';
import { journeysService } from '../../journeys.service-definition';
import { ADMIN } from '../../testing/journeys-topics';

/**
 * Installing the ready-made journeys over REST, on the real Postgres; the
 * other services are not configured, so only their coupon pools are checked.
 */
let db: TestDatabase;
let service: RunningService;

beforeAll(async () => {
  db = await createTestDatabase();
  const config = loadConfig({ service: 'journeys', env: { KAFKA_BROKERS: testInfra().kafkaBrokers, DATABASE_URL: db.url, LOG_LEVEL: 'warn' } });
  service = await startService(journeysService, { ...config, port: 0, kafka: { ...config.kafka!, topicPrefix: testTopicPrefix() } }, { host: '127.0.0.1' });
});

afterAll(async () => {
  await service?.stop();
  await db?.drop();
});

type Installed = Array<{
  key: string;
  outcome: string;
  journey: { version: number; status: string; definition: { holdout: number; steps: Record<string, { timeout?: string }> } };
}>;

async function install(body: unknown): Promise<{ status: number; body: Installed & { code?: string; fields?: Array<{ path: string }> } }> {
  const res = await fetch(`${service.url}/v1/journeys/ready-made`, { method: 'POST', headers: ADMIN, body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as Installed & { code?: string; fields?: Array<{ path: string }> } };
}

describe('POST /v1/journeys/ready-made', () => {
  it('installs nothing while their coupon pools are missing, naming each journey and field', async () => {
    const missing = await install({});
    expect(missing.status).toBe(400);
    expect(missing.body.fields?.map((f) => f.path).sort()).toEqual([
      'journeys.flagship-secret-coupon.steps.secret-coupon.coupon.pool',
      'journeys.welcome-back.steps.coupon.coupon.pool',
    ]);
    expect(await (await fetch(`${service.url}/v1/journeys`, { headers: ADMIN })).json()).toEqual([]);
    for (const pool of ['welcome-back', 'flagship-secret']) {
      const res = await fetch(`${service.url}/v1/coupon-pools/${pool}`, {
        method: 'PUT',
        headers: ADMIN,
        body: JSON.stringify({ mode: 'generated', prefix: 'C-', length: 8 }),
      });
      expect(res.status).toBe(200);
    }
  });

  it('installs and publishes the five journeys, changes nothing when run again, and republishes what changed', async () => {
    const first = await install({ waitScale: 1 / 360, holdout: 0 });
    expect(first.status).toBe(200);
    expect(first.body.map((j) => [j.key, j.outcome, j.journey.version, j.journey.status])).toEqual([
      ['cart-abandonment', 'created', 1, 'active'],
      ['welcome-back', 'created', 1, 'active'],
      ['restock-notice', 'created', 1, 'active'],
      ['flagship-secret-coupon', 'created', 1, 'active'],
      ['first-order-follow-up', 'created', 1, 'active'],
    ]);
    const cart = first.body[0].journey.definition;
    expect(cart.holdout).toBe(0);
    expect(cart.steps['wait-for-order'].timeout).toBe('10s');

    const again = await install({ waitScale: 1 / 360, holdout: 0 });
    expect(again.body.map((j) => [j.outcome, j.journey.version])).toEqual(Array(5).fill(['unchanged', 1]));

    // Production waits and holdouts: the restock notice has neither, so it stays as it was.
    const real = await install({});
    expect(real.body.map((j) => [j.key, j.outcome])).toEqual([
      ['cart-abandonment', 'updated'],
      ['welcome-back', 'updated'],
      ['restock-notice', 'unchanged'],
      ['flagship-secret-coupon', 'updated'],
      ['first-order-follow-up', 'updated'],
    ]);
    expect(real.body[0].journey).toMatchObject({ version: 2, definition: { holdout: 0.1 } });
  });

  it('names the field at fault', async () => {
    const bad = await install({ holdout: 0.9, colour: 'red' });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');
    expect(bad.body.fields?.map((f) => f.path).sort()).toEqual(['colour', 'holdout']);
  });
});
