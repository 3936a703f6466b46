import { KafkaJsAdapter } from '@cairn/kafka';
import { createTestDatabase, ServiceProcess, spawnService, TestDatabase, testTopicPrefix, waitFor } from '@cairn/testing';
import { Client } from 'pg';
import { ADMIN, journeysProcessEnv, journeysTestBus } from '../testing/journeys-topics';

/**
 * A journey version published before branches refused event history keeps
 * such a branch (it cannot be validated again): the journeys process names
 * each such version once at start, as its own process on real Postgres.
 */
let db: TestDatabase;
let bus: KafkaJsAdapter;
let env: Record<string, string>;
let proc: ServiceProcess | undefined;

beforeAll(async () => {
  db = await createTestDatabase();
  const prefix = testTopicPrefix();
  bus = await journeysTestBus([prefix]);
  env = journeysProcessEnv(db.url, prefix);
});

afterAll(async () => {
  await proc?.stop('SIGTERM');
  await bus?.disconnect();
  await db?.drop();
});

const send = (template: string) => ({ type: 'send', channel: 'kakao', template, category: 'promotional', next: null });
const journey = (key: string) => ({
  key,
  name: key,
  entry: { event: 'Checked' },
  start: 'check',
  steps: { check: { type: 'branch', if: { segment: 'vip' }, then: 'vip', else: 'other' }, vip: send('vip-note'), other: send('other-note') },
});

async function api(method: string, path: string, body?: unknown): Promise<number> {
  const res = await fetch(`${proc!.url}${path}`, { method, headers: ADMIN, body: body === undefined ? undefined : JSON.stringify(body) });
  return res.status;
}

const warnings = () =>
  proc!
    .output()
    .split('\n')
    .filter((line) => line.includes('branches on event history'));

it('logs one warning per stored version whose branch reads event history, naming the journey, version and steps', async () => {
  proc = await spawnService({ service: 'journeys', env });
  for (const key of ['legacy', 'current']) {
    expect(await api('POST', '/v1/journeys', journey(key))).toBe(201);
    expect(await api('POST', `/v1/journeys/${key}/publish`)).toBe(200);
  }
  expect(await api('POST', '/v1/journeys/legacy/publish')).toBe(200);
  await proc.stop('SIGTERM');

  // Versions 1 and 2 of `legacy` as they were saved before the rule: one branch reads event history.
  const sql = new Client({ connectionString: db.url });
  await sql.connect();
  const condition = { any: [{ segment: 'vip' }, { not: { event: 'Order Completed', lastAt: { olderThan: '30d' } } }] };
  await sql.query(
    `UPDATE journeys.journey_versions v SET definition = jsonb_set(v.definition, '{steps,check,if}', $1::jsonb)
     FROM journeys.journeys j WHERE j.id = v.journey_id AND j.key = 'legacy'`,
    [JSON.stringify(condition)],
  );
  await sql.end();

  proc = await spawnService({ service: 'journeys', env });
  await waitFor(() => warnings().length >= 2, { what: 'the warnings' });
  await proc.stop('SIGTERM');
  expect(warnings().map((line) => JSON.parse(line))).toEqual([
    expect.objectContaining({ level: 'warn', workspaceId: 'dev', journey: 'legacy', version: 1, steps: ['check'] }),
    expect.objectContaining({ level: 'warn', workspaceId: 'dev', journey: 'legacy', version: 2, steps: ['check'] }),
  ]);
});
