import { loadConfig } from '@cairn/config';
import { MessageOutcome, MessageRequest, TOPICS } from '@cairn/contracts';
import { ManualClock } from '@cairn/core';
import { ConsumerHandle, KafkaJsAdapter } from '@cairn/kafka';
import { RunningService, startService } from '@cairn/runtime';
import { createTestDatabase, TestDatabase, testInfra, testTopicPrefix, waitFor } from '@cairn/testing';
import { createHmac } from 'node:crypto';
import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { messagingService } from './messaging.service-definition';
import { ADMIN } from './testing/messaging.harness';

// Response bodies are asserted field by field; a loose type keeps the assertions readable.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

const SECRET = 'a-webhook-secret-of-some-length';

interface Received {
  path: string;
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

describe('messaging: send intents from message requests', () => {
  const clock = new ManualClock('2026-11-02T03:00:00.000Z'); // Monday 12:00 KST
  const prefix = testTopicPrefix();
  const received: Received[] = [];
  const outcomes: MessageOutcome[] = [];
  let db: TestDatabase;
  let running: RunningService;
  let server: Server;
  let port: number;
  let bus: KafkaJsAdapter;
  let reader: ConsumerHandle;
  let sequence = 0;

  async function call(method: string, path: string, body?: unknown): Promise<{ status: number; json: Json }> {
    const res = await fetch(`${running.url}${path}`, { method, headers: ADMIN, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.text();
    return { status: res.status, json: text ? JSON.parse(text) : undefined };
  }

  function request(userId: string, overrides: Partial<MessageRequest> = {}): MessageRequest {
    sequence++;
    return {
      v: 1,
      workspaceId: 'dev',
      userId,
      idempotencyKey: `run-${userId}-${sequence}:send:1`,
      journey: { key: 'welcome', version: 1, runId: `run-${userId}`, step: 'send' },
      channel: 'hook',
      template: 'promo',
      category: 'promotional',
      context: { user: { name: userId } },
      requestedAt: clock.now().toISOString(),
      ...overrides,
    };
  }

  async function publish(requests: MessageRequest[]): Promise<void> {
    await bus.publishBatch(
      requests.map((r) => ({
        topic: prefix + TOPICS.messageRequests,
        key: `${r.workspaceId}:${r.userId}`,
        value: JSON.stringify(r),
      })),
    );
  }

  async function log(userId: string): Promise<Json[]> {
    return (await call('GET', `/v1/messages?userId=${userId}&limit=1000`)).json.messages;
  }

  async function settled(userId: string, count: number): Promise<Json[]> {
    return waitFor(
      async () => {
        const entries = await log(userId);
        return entries.length === count && entries.every((e) => !['PENDING', 'SENDING'].includes(e.status)) ? entries : undefined;
      },
      { timeoutMs: 30_000, what: `${count} settled messages for ${userId}` },
    );
  }

  const hitsFor = (key: string) => received.filter((r) => r.headers['idempotency-key'] === key);

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        const status = req.url === '/reject' ? 400 : 200;
        received.push({ path: req.url ?? '', status, headers: req.headers, body });
        res.writeHead(status).end('{}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
    db = await createTestDatabase();
    const config = loadConfig({ service: 'messaging', env: { KAFKA_BROKERS: testInfra().kafkaBrokers, DATABASE_URL: db.url, LOG_LEVEL: 'warn' } });
    const egress = { allowPrivate: ['127.0.0.1'] }; // the operator opens the loopback provider
    running = await startService(
      messagingService,
      { ...config, port: 0, kafka: { ...config.kafka!, topicPrefix: prefix }, egress },
      { clock, host: '127.0.0.1' },
    );
    bus = new KafkaJsAdapter({ brokers: [testInfra().kafkaBrokers], clientId: 't' });
    await bus.connect();
    reader = await bus.consumeBatch({
      groupId: `${prefix}reader`,
      topics: [prefix + TOPICS.messageOutcomes],
      onCrash: () => undefined,
      handler: async (batch) => void outcomes.push(...batch.messages.map((m) => JSON.parse(m.value.toString()) as MessageOutcome)),
    });
    const hook = { url: `http://127.0.0.1:${port}/hook`, secret: SECRET, allowedAddresses: ['127.0.0.1'] };
    expect((await call('POST', '/v1/channels', { key: 'hook', type: 'webhook', config: hook })).status).toBe(201);
    expect(
      (await call('POST', '/v1/channels', { key: 'named', type: 'webhook', config: { url: `http://localhost:${port}/hook`, secret: SECRET } })).status,
    ).toBe(201);
    const reject = { ...hook, url: `http://127.0.0.1:${port}/reject` };
    expect((await call('POST', '/v1/channels', { key: 'reject', type: 'webhook', config: reject })).status).toBe(201);
    await call('POST', '/v1/templates', { key: 'promo', channel: 'webhook', category: 'promotional', content: { json: { text: 'Hi {{ user.name }}' } } });
    await call('POST', '/v1/templates', {
      key: 'receipt',
      channel: 'webhook',
      category: 'transactional',
      content: { json: { text: 'Paid, {{ user.name }}' } },
    });
    await call('PUT', '/v1/frequency-policy', { rules: [{ scope: 'all', limit: 3, window: '24h' }] });
  });

  afterAll(async () => {
    await reader?.stop();
    await bus?.disconnect();
    await running?.stop();
    await new Promise((resolve) => server?.close(resolve));
    await db?.drop();
  });

  it('of 50 requests for one user under a cap of 3 sends exactly 3 and suppresses 47 (frequency_cap), with outcomes', async () => {
    await call('PUT', '/v1/users/u-cap/consents', { channels: { hook: { advertising: true } }, source: 'test' });
    const requests = Array.from({ length: 50 }, () => request('u-cap'));
    await publish(requests);
    const entries = await settled('u-cap', 50);
    expect(entries.filter((e) => e.status === 'SENT')).toHaveLength(3);
    const suppressed = entries.filter((e) => e.status === 'SUPPRESSED');
    expect(suppressed).toHaveLength(47);
    expect(new Set(suppressed.map((e) => e.reason))).toEqual(new Set(['frequency_cap']));
    expect(received.filter((r) => JSON.parse(r.body).userId === 'u-cap')).toHaveLength(3);
    await waitFor(() => outcomes.filter((o) => o.userId === 'u-cap').length === 50, { timeoutMs: 30_000, what: '50 outcomes' });
    const byStatus = (s: string) => outcomes.filter((o) => o.userId === 'u-cap' && o.status === s).length;
    expect([byStatus('SENT'), byStatus('SUPPRESSED')]).toEqual([3, 47]);
  });

  it('signs the webhook body and passes the idempotency key to the provider', () => {
    const hit = received[0];
    const [t, v1] = String(hit.headers['x-cairn-signature'])
      .split(',')
      .map((part) => part.split('=')[1]);
    expect(v1).toBe(createHmac('sha256', SECRET).update(`${t}.${hit.body}`).digest('hex'));
    expect(hit.headers['idempotency-key']).toBe(JSON.parse(hit.body).idempotencyKey);
    expect(JSON.parse(hit.body).content).toEqual({ json: { text: 'Hi u-cap' } });
  });

  it('lets a transactional message through a full cap', async () => {
    await publish([request('u-cap', { template: 'receipt', category: 'transactional' })]);
    const entries = await settled('u-cap', 51);
    expect(entries[0]).toMatchObject({ template: 'receipt', status: 'SENT', category: 'transactional' });
  });

  it('calls the provider once for a redelivered request', async () => {
    const once = request('u-redeliver', { template: 'receipt', category: 'transactional' });
    const marker = request('u-redeliver', { template: 'receipt', category: 'transactional' });
    await publish([once]);
    await settled('u-redeliver', 1);
    await publish([once, marker]);
    await settled('u-redeliver', 2);
    expect(hitsFor(once.idempotencyKey)).toHaveLength(1);
    expect(hitsFor(marker.idempotencyKey)).toHaveLength(1);
  });

  it('delivers through a channel as edited: an edit applies to the next send at once (the kept channels are dropped)', async () => {
    const config = (path: string) => ({ url: `http://127.0.0.1:${port}${path}`, secret: SECRET, allowedAddresses: ['127.0.0.1'] });
    expect((await call('POST', '/v1/channels', { key: 'moving', type: 'webhook', config: config('/before') })).status).toBe(201);
    const first = request('u-moving', { channel: 'moving', template: 'receipt', category: 'transactional' });
    await publish([first]);
    await settled('u-moving', 1);
    expect((await call('PUT', '/v1/channels/moving', { key: 'moving', type: 'webhook', config: config('/after') })).status).toBe(200);
    const second = request('u-moving', { channel: 'moving', template: 'receipt', category: 'transactional' });
    await publish([second]);
    await settled('u-moving', 2);
    expect(hitsFor(first.idempotencyKey).map((r) => r.path)).toEqual(['/before']);
    expect(hitsFor(second.idempotencyKey).map((r) => r.path)).toEqual(['/after']);
  });

  it('refuses a webhook whose name resolves to loopback without an allow-list', async () => {
    const refused = request('u-named', { channel: 'named', template: 'receipt', category: 'transactional' });
    await publish([refused]);
    const [entry] = await settled('u-named', 1);
    expect(entry).toMatchObject({ status: 'FAILED', reason: 'destination_refused' });
    expect(hitsFor(refused.idempotencyKey)).toHaveLength(0);
  });

  it('defers a promotional message at 22:30 KST to 08:00 KST without night consent, sends it with it, and drops it after a withdrawal', async () => {
    clock.set('2026-11-02T13:30:00.000Z'); // 22:30 KST
    await call('PUT', '/v1/users/u-day/consents', { channels: { hook: { advertising: true } }, source: 'test' });
    await call('PUT', '/v1/users/u-night/consents', { channels: { hook: { advertising: true, night: true } }, source: 'test' });
    await call('PUT', '/v1/users/u-gone/consents', { channels: { hook: { advertising: true } }, source: 'test' });
    await publish([request('u-day'), request('u-night'), request('u-gone')]);
    const [day] = await settled('u-day', 1);
    expect(day).toMatchObject({ status: 'DEFERRED', reason: 'night_consent_required', deferredUntil: '2026-11-02T23:00:00.000Z' });
    expect((await settled('u-night', 1))[0].status).toBe('SENT');
    expect((await settled('u-gone', 1))[0].status).toBe('DEFERRED');

    clock.set('2026-11-02T22:00:00.000Z'); // 07:00 KST: the user withdraws
    await call('PUT', '/v1/users/u-gone/consents', { channels: { hook: { advertising: false } }, source: 'settings' });
    clock.set('2026-11-02T23:00:00.000Z'); // 08:00 KST
    await waitFor(async () => (await log('u-day'))[0].status === 'SENT', { timeoutMs: 30_000, what: 'the deferred message sent at 08:00 KST' });
    await waitFor(async () => (await log('u-gone'))[0].status === 'SUPPRESSED', { timeoutMs: 30_000, what: 'the withdrawn message suppressed' });
    expect((await log('u-gone'))[0].reason).toBe('consent_withdrawn');
    expect(received.filter((r) => JSON.parse(r.body).userId === 'u-gone')).toHaveLength(0);
  });

  it('ends a 4xx as FAILED with an outcome while the partition goes on', async () => {
    const rejected = request('u-reject', { channel: 'reject', template: 'receipt', category: 'transactional' });
    const next = request('u-reject', { template: 'receipt', category: 'transactional' });
    await publish([rejected, next]);
    const entries = await settled('u-reject', 2);
    expect(entries.map((e: Json) => [e.idempotencyKey, e.status, e.reason])).toEqual([
      [next.idempotencyKey, 'SENT', null],
      [rejected.idempotencyKey, 'FAILED', 'provider_rejected'],
    ]);
    expect(hitsFor(rejected.idempotencyKey)).toHaveLength(1);
    await waitFor(() => outcomes.find((o) => o.idempotencyKey === rejected.idempotencyKey), { timeoutMs: 30_000, what: 'the FAILED outcome' });
    expect(outcomes.find((o) => o.idempotencyKey === rejected.idempotencyKey)).toMatchObject({ status: 'FAILED', reason: 'provider_rejected' });
  });

  it('keeps the cap atomic when two replicas re-decide 50 deferred messages for one user at once', async () => {
    clock.set('2026-11-10T13:30:00.000Z'); // 22:30 KST: no night consent, so everything waits for 08:00
    await call('PUT', '/v1/users/u-race/consents', { channels: { hook: { advertising: true } }, source: 'test' });
    await publish(Array.from({ length: 50 }, () => request('u-race')));
    await settled('u-race', 50);
    const config = loadConfig({ service: 'messaging', env: { KAFKA_BROKERS: testInfra().kafkaBrokers, DATABASE_URL: db.url, LOG_LEVEL: 'warn' } });
    const replica = await startService(
      messagingService,
      { ...config, port: 0, kafka: { ...config.kafka!, topicPrefix: testTopicPrefix() }, egress: { allowPrivate: ['127.0.0.1'] } },
      { clock, host: '127.0.0.1' },
    );
    try {
      clock.set('2026-11-10T23:00:00.000Z'); // 08:00 KST: both replicas' pollers claim due messages
      const entries = await waitFor(
        async () => {
          const all = await log('u-race');
          return all.every((e: Json) => e.status === 'SENT' || e.status === 'SUPPRESSED') ? all : undefined;
        },
        { timeoutMs: 30_000, what: 'the deferred messages decided again' },
      );
      expect(entries.filter((e: Json) => e.status === 'SENT')).toHaveLength(3);
      expect(entries.filter((e: Json) => e.status === 'SUPPRESSED' && e.reason === 'frequency_cap')).toHaveLength(47);
      expect(received.filter((r) => JSON.parse(r.body).userId === 'u-race')).toHaveLength(3);
    } finally {
      await replica.stop();
    }
  });

  it('does not send a message deferred to 10:05 after a 10:00 withdrawal', async () => {
    await call('PUT', '/v1/frequency-policy', { rules: [], quietHours: { start: '09:00', end: '10:05' } });
    clock.set('2026-11-11T00:30:00.000Z'); // 09:30 KST, inside quiet hours
    await call('PUT', '/v1/users/u-quiet/consents', { channels: { hook: { advertising: true, night: true } }, source: 'test' });
    await publish([request('u-quiet')]);
    const [deferred] = await settled('u-quiet', 1);
    expect(deferred).toMatchObject({ status: 'DEFERRED', reason: 'quiet_hours', deferredUntil: '2026-11-11T01:05:00.000Z' });
    clock.set('2026-11-11T01:00:00.000Z'); // 10:00 KST
    await call('PUT', '/v1/users/u-quiet/consents', { channels: { hook: { advertising: false } }, source: 'unsubscribe-link' });
    clock.set('2026-11-11T01:05:00.000Z'); // 10:05 KST
    const [decided] = await waitFor(
      async () => {
        const entries = await log('u-quiet');
        return entries[0].status !== 'DEFERRED' ? entries : undefined;
      },
      { timeoutMs: 30_000, what: 'the deferred message decided again at 10:05' },
    );
    expect(decided).toMatchObject({ status: 'SUPPRESSED', reason: 'consent_withdrawn' });
    expect(received.filter((r) => JSON.parse(r.body).userId === 'u-quiet')).toHaveLength(0);
  });

  it('delivers SMS, Kakao and push through HTTP gateways, labelling promotional SMS under kr-ad-law', async () => {
    for (const type of ['sms-http', 'kakao-http', 'push-http']) {
      const config = { url: `http://127.0.0.1:${port}/${type}`, apiKey: 'gateway-key', sender: '0212345678', allowedAddresses: ['127.0.0.1'] };
      expect((await call('POST', '/v1/channels', { key: type, type, config })).status).toBe(201);
    }
    await call('POST', '/v1/templates', { key: 'sms-sale', channel: 'sms', category: 'promotional', content: { text: '{{ user.name }}님, 세일 시작!' } });
    await call('POST', '/v1/templates', {
      key: 'kakao-ship',
      channel: 'kakao',
      category: 'transactional',
      content: { templateCode: 'SHIP_01', text: '배송이 시작됐어요', alimtalk: true },
    });
    await call('POST', '/v1/templates', {
      key: 'push-ship',
      channel: 'push',
      category: 'transactional',
      content: { title: 'Shipped', body: 'On its way, {{ user.name }}' },
    });
    await call('PUT', '/v1/users/u-gw/consents', { channels: { 'sms-http': { advertising: true } }, source: 'test' });
    const user = { name: '민지', phone: '01012345678', pushToken: 'tok-1' };
    const sms = request('u-gw', { channel: 'sms-http', template: 'sms-sale', context: { user } });
    const kakao = request('u-gw', { channel: 'kakao-http', template: 'kakao-ship', category: 'transactional', context: { user } });
    const push = request('u-gw', { channel: 'push-http', template: 'push-ship', category: 'transactional', context: { user } });
    const noToken = request('u-gw', { channel: 'push-http', template: 'push-ship', category: 'transactional', context: { user: { name: 'x' } } });
    await publish([sms, kakao, push, noToken]);
    const entries = await settled('u-gw', 4);
    expect(entries.map((e: Json) => e.status)).toEqual(['FAILED', 'SENT', 'SENT', 'SENT']);
    expect(entries[0].reason).toBe('recipient_missing');
    const body = (key: string) => JSON.parse(hitsFor(key)[0].body);
    expect(body(sms.idempotencyKey)).toMatchObject({ to: '01012345678', from: '0212345678', category: 'promotional' });
    expect(body(sms.idempotencyKey).text).toMatch(/^\(광고\)/);
    expect(body(sms.idempotencyKey).text).toContain('무료수신거부');
    expect(body(kakao.idempotencyKey)).toMatchObject({ to: '01012345678', templateCode: 'SHIP_01', alimtalk: true, text: '배송이 시작됐어요' });
    expect(body(push.idempotencyKey)).toMatchObject({ token: 'tok-1', title: 'Shipped', body: 'On its way, 민지' });
    expect(hitsFor(push.idempotencyKey)[0].headers.authorization).toBe('Bearer gateway-key');
  });

  it('fails a send whose template probes prototypes, with a clear reason, and goes on', async () => {
    await call('POST', '/v1/templates', { key: 'probe', channel: 'webhook', category: 'transactional', content: { json: { x: '{{ user.constructor }}' } } });
    await publish([
      request('u-probe', { template: 'probe', category: 'transactional' }),
      request('u-probe', { template: 'receipt', category: 'transactional' }),
    ]);
    const entries = await settled('u-probe', 2);
    expect(entries.map((e: Json) => [e.template, e.status, e.reason])).toEqual([
      ['receipt', 'SENT', null],
      ['probe', 'FAILED', 'template_render_failed'],
    ]);
  });
});
