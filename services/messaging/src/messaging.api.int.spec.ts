import { loadConfig } from '@cairn/config';
import { ManualClock } from '@cairn/core';
import { RunningService, startService } from '@cairn/runtime';
import { createTestDatabase, TestDatabase, testInfra, testTopicPrefix } from '@cairn/testing';
import { messagingService } from './messaging.service-definition';
import { ADMIN } from './testing/messaging.harness';

// Response bodies are asserted field by field; a loose type keeps the assertions readable.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

describe('messaging REST API', () => {
  let db: TestDatabase;
  let running: RunningService;
  const clock = new ManualClock('2026-11-02T03:00:00.000Z');

  async function call(method: string, path: string, body?: unknown): Promise<{ status: number; json: Json }> {
    const res = await fetch(`${running.url}${path}`, { method, headers: ADMIN, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.text();
    return { status: res.status, json: text ? JSON.parse(text) : undefined };
  }

  beforeAll(async () => {
    db = await createTestDatabase();
    const config = loadConfig({ service: 'messaging', env: { KAFKA_BROKERS: testInfra().kafkaBrokers, DATABASE_URL: db.url, LOG_LEVEL: 'warn' } });
    const egress = { allowPrivate: ['127.0.0.1', '10.1.0.0/16'] }; // what the operator opens
    running = await startService(
      messagingService,
      { ...config, port: 0, kafka: { ...config.kafka!, topicPrefix: testTopicPrefix() }, egress },
      { clock, host: '127.0.0.1' },
    );
  });

  afterAll(async () => {
    await running?.stop();
    await db?.drop();
  });

  it('creates, reads, replaces, previews and deletes templates', async () => {
    const template = {
      key: 'cart-reminder',
      channel: 'sms',
      category: 'promotional',
      content: { text: '{{ user.name }}님, {{ entry.properties.name }} 잊지 않으셨죠?' },
    };
    expect((await call('POST', '/v1/templates', template)).status).toBe(201);
    expect((await call('POST', '/v1/templates', template)).json.code).toBe('TEMPLATE_EXISTS');
    const preview = await call('POST', '/v1/templates/cart-reminder/preview', {
      context: { user: { name: '민지' }, entry: { properties: { name: '린넨 셔츠' } } },
    });
    expect(preview.status).toBe(200);
    expect(preview.json.content.text).toBe('민지님, 린넨 셔츠 잊지 않으셨죠?');
    expect(preview.json.labelled.text).toMatch(/^\(광고\)/);
    const replaced = await call('PUT', '/v1/templates/cart-reminder', { ...template, content: { text: 'hello {{ user.name }}' } });
    expect(replaced.json.content.text).toBe('hello {{ user.name }}');
    expect((await call('GET', '/v1/templates')).json.templates.map((t: { key: string }) => t.key)).toEqual(['cart-reminder']);
    expect((await call('DELETE', '/v1/templates/cart-reminder')).status).toBe(204);
    expect((await call('GET', '/v1/templates/cart-reminder')).status).toBe(404);
  });

  it('refuses invalid templates with field paths and fails unsafe renders with a clear error', async () => {
    const bad = await call('POST', '/v1/templates', { key: 'x', channel: 'push', content: { title: 'hi' } });
    expect(bad.status).toBe(400);
    expect(bad.json.fields.map((f: { path: string }) => f.path)).toContain('content.body');
    const unparsable = await call('POST', '/v1/templates', { key: 'y', channel: 'sms', content: { text: '{% if %}' } });
    expect(unparsable.json.code).toBe('TEMPLATE_INVALID');
    await call('POST', '/v1/templates', { key: 'probe', channel: 'sms', content: { text: '{{ user.constructor }}' } });
    const probe = await call('POST', '/v1/templates/probe/preview', { context: { user: { name: 'a' } } });
    expect(probe.status).toBe(422);
    expect(probe.json.code).toBe('TEMPLATE_RENDER_FAILED');
    await call('POST', '/v1/templates', { key: 'runaway', channel: 'sms', content: { text: '{% for i in (1..100000000) %}{{ i }}{% endfor %}' } });
    const runaway = await call('POST', '/v1/templates/runaway/preview', { context: { user: {} } });
    expect(runaway.status).toBe(422);
    expect(runaway.json.code).toBe('TEMPLATE_RENDER_FAILED');
  });

  it('refuses a template that overruns the render budget without data (400), and previews one that does with its data as 422', async () => {
    const heavy = '{% assign r = (1..400) %}{% for i in r %}{% for j in r %}{% endfor %}{% endfor %}';
    const json = Object.fromEntries(Array.from({ length: 80 }, (_, i) => [`leaf${i}`, heavy]));
    const refused = await call('POST', '/v1/templates', { key: 'eighty', channel: 'webhook', content: { json } });
    expect(refused.status).toBe(400);
    expect(refused.json.code).toBe('TEMPLATE_BUDGET_EXCEEDED');
    expect(refused.json.fields[0].path).toMatch(/^content\.json\.leaf\d+$/);
    expect((await call('GET', '/v1/templates/eighty')).status).toBe(404);
    const loops = '{% for i in entry.items %}{% for j in entry.items %}{% endfor %}{% endfor %}';
    expect((await call('POST', '/v1/templates', { key: 'loops', channel: 'sms', content: { text: loops } })).status).toBe(201);
    const preview = await call('POST', '/v1/templates/loops/preview', { context: { user: {}, entry: { items: Array.from({ length: 3000 }, (_, i) => i) } } });
    expect(preview.status).toBe(422);
    expect(preview.json).toMatchObject({ code: 'TEMPLATE_BUDGET_EXCEEDED', fields: [{ path: 'content.text' }] });
    expect((await call('POST', '/v1/templates/loops/preview', { context: { user: {}, entry: { items: [1, 2] } } })).json.content.text).toBe('');
  });

  it("keeps one variant per locale of a template key and previews the one for the user's locale", async () => {
    const base = { key: 'shipped', channel: 'push', category: 'transactional' };
    expect((await call('POST', '/v1/templates', { ...base, content: { title: '배송 시작', body: '{{ user.name }}님' } })).status).toBe(201);
    expect((await call('POST', '/v1/templates', { ...base, locale: 'en', content: { title: 'Shipped', body: 'Hi {{ user.name }}' } })).status).toBe(201);
    expect((await call('POST', '/v1/templates', { ...base, locale: 'en', content: { title: 'x', body: 'y' } })).json.code).toBe('TEMPLATE_EXISTS');
    expect((await call('GET', '/v1/templates/shipped')).json.content.title).toBe('배송 시작');
    expect((await call('GET', '/v1/templates/shipped?locale=en')).json.content.title).toBe('Shipped');
    const preview = await call('POST', '/v1/templates/shipped/preview', { context: { user: { name: 'Ana', locale: 'en-US' } } });
    expect(preview.json).toMatchObject({ locale: 'en', content: { title: 'Shipped', body: 'Hi Ana' } });
    const replaced = await call('PUT', '/v1/templates/shipped?locale=en', { ...base, locale: 'en', content: { title: 'On its way', body: 'Hi' } });
    expect(replaced.json).toMatchObject({ locale: 'en', content: { title: 'On its way' } });
    expect((await call('GET', '/v1/templates/shipped')).json.content.title).toBe('배송 시작');
    expect((await call('DELETE', '/v1/templates/shipped?locale=en')).status).toBe(204);
    expect((await call('GET', '/v1/templates/shipped?locale=en')).status).toBe(404);
    expect((await call('GET', '/v1/templates/shipped')).status).toBe(200);
  });

  it('stores channels with secrets redacted and refuses private webhook addresses unless allow-listed', async () => {
    const created = await call('POST', '/v1/channels', {
      key: 'hook',
      type: 'webhook',
      config: { url: 'https://hooks.example.com/x', secret: 'sixteen-chars-secret' },
    });
    expect(created.status).toBe(201);
    expect(created.json.config.secret).toBeUndefined();
    expect(created.json.writeOnly).toEqual({ 'config.secret': 'set' });
    for (const host of ['127.0.0.1', '169.254.169.254', '10.0.0.1', '[::1]']) {
      const refused = await call('POST', '/v1/channels', {
        key: 'private',
        type: 'webhook',
        config: { url: `http://${host}/x`, secret: 'sixteen-chars-secret' },
      });
      expect(refused.status).toBe(400);
      expect(refused.json.fields[0].path).toBe('config.url');
    }
    const allowed = await call('POST', '/v1/channels', {
      key: 'local',
      type: 'webhook',
      config: { url: 'http://127.0.0.1:9/x', secret: 'sixteen-chars-secret', allowedAddresses: ['127.0.0.1'] },
    });
    expect(allowed.status).toBe(201);
    expect((await call('POST', '/v1/channels', { key: 'fax', type: 'fax', config: {} })).json.fields[0].path).toBe('type');
    const gateway = await call('POST', '/v1/channels', { key: 'sms', type: 'sms-http', config: { url: 'http://10.0.0.1/send', apiKey: 'k' } });
    expect(gateway.json.fields.map((f: { path: string }) => f.path)).toEqual(['config.url']);
    const sms = await call('POST', '/v1/channels', { key: 'sms', type: 'sms-http', config: { url: 'https://sms.example.com/send', apiKey: 'k' } });
    expect(sms.json.config.apiKey).toBeUndefined();
    expect(sms.json.writeOnly).toEqual({ 'config.apiKey': 'set', 'config.signingSecret': 'unset' });
    const mail = await call('POST', '/v1/channels', {
      key: 'mail',
      type: 'smtp',
      config: { host: 'smtp.example.com', port: 587, from: 'Shop <shop@example.com>', auth: { user: 'u', pass: 'p4ss' } },
    });
    expect(mail.json.config.auth).toEqual({ user: 'u' });
    expect(mail.json.writeOnly).toEqual({ 'config.auth.pass': 'set', 'config.signingSecret': 'unset' });
    const metadata = await call('POST', '/v1/channels', { key: 'meta', type: 'smtp', config: { host: '169.254.169.254', port: 25, from: 'a@b.c' } });
    expect(metadata.json.fields.map((f: { path: string }) => f.path)).toEqual(['config.host']);
  });

  it("lets a channel's allowedAddresses only narrow what the operator opens: no admin opens metadata or private ranges alone", async () => {
    const hook = (key: string, url: string, allowedAddresses: string[]) =>
      call('POST', '/v1/channels', { key, type: 'webhook', config: { url, secret: 'sixteen-chars-secret', allowedAddresses } });
    expect((await hook('inside', 'http://10.1.2.3/x', ['10.1.2.0/24'])).status).toBe(201);
    for (const [url, entries, index] of [
      ['http://169.254.169.254/latest/meta-data', ['169.254.169.254'], 0],
      ['http://[fd00:ec2::254]/x', ['fd00:ec2::254'], 0],
      ['http://10.2.0.1/x', ['10.1.0.0/16', '10.0.0.0/8'], 1],
      ['http://192.168.1.1/x', ['127.0.0.1', '192.168.0.0/16'], 1],
    ] as const) {
      const refused = await hook('outside', url, [...entries]);
      expect(refused.status).toBe(400);
      expect(refused.json.fields.map((f: { path: string }) => f.path)).toContain(`config.allowedAddresses[${index}]`);
    }
    const gateway = await call('POST', '/v1/channels', {
      key: 'sms-internal',
      type: 'sms-http',
      config: { url: 'http://10.9.0.1/send', allowedAddresses: ['10.9.0.1'] },
    });
    expect(gateway.json.fields.map((f: { path: string }) => f.path)).toEqual(['config.allowedAddresses[0]', 'config.url']);
    const mapped = await call('POST', '/v1/channels', {
      key: 'mapped',
      type: 'webhook',
      config: { url: 'http://[::ffff:a9fe:a9fe]/x', secret: 'sixteen-chars-secret' },
    });
    expect(mapped.json.fields.map((f: { path: string }) => f.path)).toEqual(['config.url']);
  });

  it('validates and stores the frequency policy, defaulting compliance to the workspace preset', async () => {
    expect((await call('GET', '/v1/frequency-policy')).json).toEqual({ rules: [], whenCapped: 'drop', compliance: 'kr-ad-law' });
    const bad = await call('PUT', '/v1/frequency-policy', { rules: [{ scope: 'all', limit: 0, window: '3x' }] });
    expect(bad.json.fields.map((f: { path: string }) => f.path)).toEqual(['rules[0].limit', 'rules[0].window']);
    const tooLong = await call('PUT', '/v1/frequency-policy', {
      rules: [
        { scope: 'all', limit: 1, window: '24h' },
        { scope: 'all', limit: 1, window: '999999999w' },
      ],
    });
    expect(tooLong.status).toBe(400);
    expect(tooLong.json.fields).toEqual([{ path: 'rules[1].window', message: 'must be at most 366d' }]);
    await call('PUT', '/v1/frequency-policy', { rules: [{ scope: 'all', limit: 2, window: '24h' }], whenCapped: 'defer' });
    expect((await call('GET', '/v1/frequency-policy')).json.rules[0]).toEqual({ scope: 'all', limit: 2, window: '24h', categories: ['promotional'] });
  });

  it('keeps a consent ledger with when and where each change came from', async () => {
    await call('PUT', '/v1/users/u-1/consents', { channels: { sms: { advertising: true, night: false } }, source: 'signup-form' });
    clock.advance(60_000);
    const withdrawn = await call('PUT', '/v1/users/u-1/consents', { channels: { sms: { advertising: false } }, source: 'settings' });
    expect(withdrawn.json.channels.sms.advertising).toMatchObject({ granted: false, source: 'settings', withdrawnAt: '2026-11-02T03:01:00.000Z' });
    const view = await call('GET', '/v1/users/u-1/consents');
    expect(view.json.channels.sms.night).toMatchObject({ granted: false, source: 'signup-form' });
    expect(view.json.history.map((h: { kind: string; granted: boolean; source: string }) => [h.kind, h.granted, h.source])).toEqual([
      ['advertising', false, 'settings'],
      ['night', false, 'signup-form'],
      ['advertising', true, 'signup-form'],
    ]);
    expect((await call('PUT', '/v1/users/u-1/consents', { channels: { sms: { ads: true } } })).json.fields[0].path).toBe('channels.sms.ads');
  });

  it('answers the delivery log with filters and refuses a bad status', async () => {
    expect((await call('GET', '/v1/messages?userId=nobody')).json).toEqual({ messages: [] });
    expect((await call('GET', '/v1/messages?status=LOST')).status).toBe(400);
  });

  it('requires the admin key', async () => {
    const res = await fetch(`${running.url}/v1/templates`, { headers: { authorization: 'Bearer dev-write-key' } });
    expect(res.status).toBe(401);
  });
});
