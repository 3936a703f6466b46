import { loadConfig } from '@cairn/config';
import { RunningService, startService } from '@cairn/runtime';
import { createTestDatabase, TestDatabase, testInfra, testTopicPrefix } from '@cairn/testing';
import { Client } from 'pg';
import { messagingService } from '../messaging.service-definition';
import { ADMIN } from '../testing/messaging.harness';

/**
 * Channel credentials at rest: encrypted with the first key of
 * CAIRN_SECRETS_KEY, never returned, kept by a PUT that leaves them out, and
 * re-encrypted at boot when stored in plaintext (before encryption) or under
 * an older key (after a rotation).
 */
const k1 = `k1:${Buffer.alloc(32, 11).toString('base64')}`;
const k2 = `k2:${Buffer.alloc(32, 22).toString('base64')}`;
const SECRET = 'a-webhook-secret-of-some-length';
const hook = { key: 'hook', type: 'webhook', config: { url: 'https://hooks.example.com/x', secret: SECRET } };

describe('messaging: channel credentials at rest', () => {
  let db: TestDatabase;
  let sql: Client;
  let running: RunningService | undefined;
  const prefix = testTopicPrefix();

  async function start(keys: string): Promise<void> {
    await running?.stop();
    const config = loadConfig({
      service: 'messaging',
      env: { KAFKA_BROKERS: testInfra().kafkaBrokers, DATABASE_URL: db.url, LOG_LEVEL: 'error', CAIRN_SECRETS_KEY: keys },
    });
    running = await startService(messagingService, { ...config, port: 0, kafka: { ...config.kafka!, topicPrefix: prefix } }, { host: '127.0.0.1' });
  }

  async function call(method: string, path: string, body?: unknown) {
    const res = await fetch(`${running!.url}${path}`, { method, headers: ADMIN, body: body === undefined ? undefined : JSON.stringify(body) });
    return { status: res.status, text: await res.text() };
  }

  const stored = async (key: string): Promise<Record<string, string>> =>
    (await sql.query(`SELECT config FROM messaging.channels WHERE workspace_id = 'dev' AND key = $1`, [key])).rows[0].config;

  beforeAll(async () => {
    db = await createTestDatabase();
    sql = new Client({ connectionString: db.url });
    await sql.connect();
    await start(k1);
  });

  afterAll(async () => {
    await running?.stop();
    await sql?.end();
    await db?.drop();
  });

  it('stores the webhook secret encrypted and answers only whether it is set', async () => {
    const created = await call('POST', '/v1/channels', hook);
    expect(created.status).toBe(201);
    expect(created.text).not.toContain(SECRET);
    expect((await stored('hook')).secret).toMatch(/^cairn-secret:v1:k1:/);
    for (const path of ['/v1/channels', '/v1/channels/hook', '/v1/channels?keys=hook']) {
      const answer = await call('GET', path);
      expect(answer.text).not.toContain(SECRET);
      expect(answer.text).not.toContain('cairn-secret:');
      expect(answer.text).toContain('"writeOnly":{"config.secret":"set"}');
    }
  });

  it('keeps the stored secret when a replacement leaves it out, and takes a new one when given', async () => {
    const before = await stored('hook');
    const kept = await call('PUT', '/v1/channels/hook', { type: 'webhook', config: { url: 'https://hooks.example.com/y' } });
    expect(kept.status).toBe(200);
    expect(JSON.parse(kept.text)).toMatchObject({ config: { url: 'https://hooks.example.com/y' }, writeOnly: { 'config.secret': 'set' } });
    const after = await stored('hook');
    expect(after.secret).toMatch(/^cairn-secret:v1:k1:/);
    expect(after.secret).not.toBe(before.secret);
    expect((await call('PUT', '/v1/channels/hook', { type: 'webhook', config: { url: 'https://hooks.example.com/y', secret: 'short' } })).status).toBe(400);
  });

  it('re-encrypts plaintext rows and rows of an older key at boot after a rotation, and still reads them', async () => {
    // A channel stored in plaintext by a version before encryption.
    await sql.query(
      `INSERT INTO messaging.channels (workspace_id, key, type, config, created_at, updated_at) VALUES ('dev', 'legacy', 'sms-http', $1, now(), now())`,
      [JSON.stringify({ url: 'https://sms.example.com/send', apiKey: 'legacy-api-key' })],
    );
    await start(`${k2},${k1}`);
    expect((await stored('legacy')).apiKey).toMatch(/^cairn-secret:v1:k2:/);
    expect((await stored('hook')).secret).toMatch(/^cairn-secret:v1:k2:/);
    expect(JSON.stringify(await stored('legacy'))).not.toContain('legacy-api-key');
    // Once everything is under k2, k1 can go.
    await start(k2);
    const list = await call('GET', '/v1/channels');
    expect(JSON.parse(list.text).channels.map((c: { key: string; writeOnly: object }) => [c.key, c.writeOnly])).toEqual([
      ['hook', { 'config.secret': 'set' }],
      ['legacy', { 'config.apiKey': 'set', 'config.signingSecret': 'unset' }],
    ]);
  });

  it('shows a credential no configured key opens as unreadable instead of failing the API', async () => {
    await start(`k3:${Buffer.alloc(32, 33).toString('base64')}`);
    const answer = await call('GET', '/v1/channels/hook');
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.text).writeOnly).toEqual({ 'config.secret': 'unreadable' });
    expect((await stored('hook')).secret).toMatch(/^cairn-secret:v1:k2:/);
  });
});
