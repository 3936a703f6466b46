import { waitFor } from '@cairn/testing';
import { Providers } from './support/providers';
import { startDistributed, Stack } from './support/stack';
import { scenarioWorkspace } from './support/workspaces';

/**
 * Messages no journey starts, on the four services as separate processes on
 * Kafka and Postgres, through the public HTTP APIs only, with providers on
 * loopback (an HTTP gateway and an SMTP relay): an order confirmation sent
 * once however often it is retried; a click on the unsubscribe link of a
 * delivered email stopping the next promotional one; an AlimTalk refusal
 * turning into exactly one SMS; and a broadcast to 10,000 members under a cap
 * of one message a day that reaches each member once, also when messaging is
 * killed (SIGKILL) halfway and started again.
 */
// Answers are asserted field by field; a loose type keeps the assertions readable.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

const SEND_KEY = 'shop-order-service-send-key-e2e';
// The broadcast test loads its 10,000 members in five requests at once: above the default ingest rate (5,000 a
// second), which is not what these tests are about.
const workspace = scenarioWorkspace('sends', { sendKeys: [SEND_KEY], ingestRatePerSecond: 100_000 });
const providers = new Providers();
let stack: Stack;

async function call(service: 'events' | 'segments' | 'messaging', method: string, path: string, body?: unknown, key = workspace.adminKey, headers = {}) {
  const res = await fetch(`${stack.url(service)}${path}`, {
    method,
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let json: Json;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = text;
  }
  return { status: res.status, json };
}

async function created(service: 'segments' | 'messaging', path: string, body: unknown): Promise<void> {
  const answer = await call(service, 'POST', path, body);
  if (answer.status !== 201) throw new Error(`POST ${path}: ${answer.status} ${JSON.stringify(answer.json)}`);
}

const send = (key: string, body: unknown, credential = SEND_KEY) => call('messaging', 'POST', '/v1/send', body, credential, { 'idempotency-key': key });
const message = async (id: string) => (await call('messaging', 'GET', `/v1/messages/${id}`)).json;
const settled = (id: string) =>
  waitFor(
    async () => {
      const m = await message(id);
      return m && !['PENDING', 'SENDING'].includes(m.status) ? m : undefined;
    },
    { what: `message ${id} settled`, timeoutMs: 60_000 },
  );

beforeAll(async () => {
  await providers.start();
  stack = await startDistributed([workspace], { config: { egress: { allowPrivate: ['127.0.0.1'] } } });
  const gateway = (path: string) => ({ url: providers.url(path), allowedAddresses: ['127.0.0.1'], sender: '0212345678' });
  await created('messaging', '/v1/channels', {
    key: 'hook',
    type: 'webhook',
    config: { ...gateway('/hook'), secret: 'an-e2e-webhook-secret', sender: undefined },
  });
  await created('messaging', '/v1/channels', { key: 'kakao', type: 'kakao-http', config: gateway('/kakao') });
  await created('messaging', '/v1/channels', { key: 'sms', type: 'sms-http', config: gateway('/sms') });
  const smtp = { host: '127.0.0.1', port: providers.smtpPort, from: 'Cairn Shop <news@shop.example>', allowedAddresses: ['127.0.0.1'] };
  await created('messaging', '/v1/channels', { key: 'email', type: 'smtp', config: smtp });
  providers.answers['/kakao'] = { status: 422, body: JSON.stringify({ code: 'recipient_unreachable', reason: 'not_kakao_user' }) };
}, 180_000);

afterAll(async () => {
  await stack?.stop();
  await providers.stop();
});

function withOutput<T>(run: () => Promise<T>): () => Promise<T> {
  return async () => {
    try {
      return await run();
    } catch (error) {
      (error as Error).message += `\n\nprocess output:\n${stack.output()}`;
      throw error;
    }
  };
}

describe('sends through the API, distributed', () => {
  it(
    'delivers an order confirmation once though POST /v1/send is retried three times with one Idempotency-Key',
    withOutput(async () => {
      await created('messaging', '/v1/templates', {
        key: 'order-confirmation',
        channel: 'webhook',
        category: 'transactional',
        content: { json: { text: '주문 {{ data.orderId }}이 접수되었습니다' } },
      });
      const body = { userId: 'buyer', channel: 'hook', template: 'order-confirmation', data: { orderId: 'A-1001' } };
      const answers = [];
      for (let i = 0; i < 3; i++) answers.push(await send('order-A-1001', body));
      expect(answers.map((a) => a.status)).toEqual([202, 202, 202]);
      expect(new Set(answers.map((a) => a.json.id)).size).toBe(1);
      expect((await settled(answers[0].json.id)).status).toBe('SENT');
      const calls = providers.callsTo('/hook').filter((c) => c.headers['idempotency-key'] === 'api:order-A-1001');
      expect(calls).toHaveLength(1);
      expect(JSON.parse(calls[0].body).content).toEqual({ json: { text: '주문 A-1001이 접수되었습니다' } });
    }),
    120_000,
  );

  it(
    'stops the next promotional email once the unsubscribe link of a delivered one is clicked',
    withOutput(async () => {
      await call('events', 'POST', '/v1/identify', { userId: 'minji', traits: { name: '민지', email: 'minji@example.com' } }, workspace.writeKey);
      await waitFor(async () => (await call('segments', 'GET', '/v1/users/minji/profile')).json?.traits?.email, { what: "minji's traits in segments" });
      await call('messaging', 'PUT', '/v1/users/minji/consents', { channels: { email: { advertising: true, night: true } }, source: 'signup-form' });
      const content = { subject: '{{ user.name }}님, 11월 소식', html: '<p>새 소식</p><p><a href="{{ unsubscribe_url }}">수신거부</a></p>', text: '새 소식' };
      await created('messaging', '/v1/templates', { key: 'newsletter', channel: 'email', category: 'promotional', content });

      const first = await send('news-1', { userId: 'minji', channel: 'email', template: 'newsletter' }, workspace.adminKey);
      expect((await settled(first.json.id)).status).toBe('SENT');
      const mail = await waitFor(async () => providers.mails.find((m) => m.subject === '민지님, 11월 소식'), { what: 'the newsletter in the mailbox' });
      expect(mail.headerLines.some((l) => l.key === 'list-unsubscribe-post')).toBe(true);
      const link = /<a href="([^"]+)">수신거부<\/a>/.exec(String(mail.html))![1];
      const page = await fetch(link); // the recipient's click
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('수신거부가 완료되었습니다');

      const second = await send('news-2', { userId: 'minji', channel: 'email', template: 'newsletter' }, workspace.adminKey);
      expect(second.json).toMatchObject({ status: 'SUPPRESSED', reason: 'consent_withdrawn' });
      const consents = (await call('messaging', 'GET', '/v1/users/minji/consents')).json;
      expect(consents.history[0]).toMatchObject({ channel: 'email', kind: 'advertising', granted: false, source: 'unsubscribe-link' });
      expect(providers.mails.filter((m) => m.subject === '민지님, 11월 소식')).toHaveLength(1);
    }),
    120_000,
  );

  it(
    'sends exactly one SMS when the AlimTalk gateway answers that the recipient cannot receive it',
    withOutput(async () => {
      await created('messaging', '/v1/templates', {
        key: 'shipped',
        channel: 'kakao',
        category: 'transactional',
        content: { templateCode: 'SHIP_01', alimtalk: true, text: '주문 {{ data.orderId }}이 발송되었습니다' },
      });
      await created('messaging', '/v1/templates', {
        key: 'shipped-sms',
        channel: 'sms',
        category: 'transactional',
        content: { text: '[카른] {{ data.orderId }} 발송' },
      });
      const body = {
        userId: 'jiwoo',
        channel: 'kakao',
        template: 'shipped',
        data: { orderId: 'B-7' },
        to: { phone: '01012345678' },
        fallback: { channel: 'sms', template: 'shipped-sms' },
      };
      const answer = await send('ship-B-7', body);
      const sent = await settled(answer.json.id);
      expect(sent).toMatchObject({
        status: 'SENT',
        channel: 'kakao',
        fallback: { channel: 'sms', status: 'SENT', kind: 'SMS', trigger: 'recipient_unreachable' },
      });
      expect(providers.callsTo('/kakao').filter((c) => c.headers['idempotency-key'] === 'api:ship-B-7')).toHaveLength(1);
      const sms = providers.callsTo('/sms');
      expect(sms).toHaveLength(1);
      expect(JSON.parse(sms[0].body)).toMatchObject({ to: '01012345678', type: 'SMS', text: '[카른] B-7 발송' });
    }),
    120_000,
  );
});

describe('a broadcast to 10,000 members, distributed', () => {
  const MEMBERS = 10_000;
  const userOf = (i: number) => `member-${String(i).padStart(5, '0')}`;
  /** Per member, the idempotency keys the gateway received (a send in flight when messaging died may arrive twice, with its one key). */
  const keysByMember = () => {
    const keys = new Map<string, Set<string>>();
    for (const c of providers.callsTo('/broadcast')) {
      const { userId } = JSON.parse(c.body) as { userId: string };
      keys.set(userId, (keys.get(userId) ?? new Set()).add(String(c.headers['idempotency-key'])));
    }
    return keys;
  };

  it(
    'reaches every member once under a cap of one message a day, also when messaging is killed halfway and started again',
    withOutput(async () => {
      await created('segments', '/v1/segments', { key: 'newsletter', name: 'Newsletter readers', condition: { trait: 'plan', op: 'eq', value: 'news' } });
      for (let start = 0; start < MEMBERS; start += 2_000) {
        const batch = Array.from({ length: 2_000 }, (_, k) => ({
          type: 'identify',
          userId: userOf(start + k),
          traits: { plan: 'news', name: `Reader ${start + k}` },
        }));
        expect((await call('events', 'POST', '/v1/batch', { batch }, workspace.writeKey)).status).toBe(200);
      }
      const count = async () => {
        let n = 0;
        let after: string | null = '';
        while (after !== null) {
          const page: Json = (await call('segments', 'GET', `/v1/segments/newsletter/members?limit=1000${after ? `&after=${after}` : ''}`)).json;
          n += page.members.length;
          after = page.next;
        }
        return n;
      };
      await waitFor(async () => (await count()) === MEMBERS, { what: `${MEMBERS} members in the segment`, timeoutMs: 180_000, intervalMs: 2_000 });
      await call('messaging', 'PUT', '/v1/frequency-policy', {
        rules: [{ scope: 'all', limit: 1, window: '24h', categories: ['promotional', 'transactional'] }],
        whenCapped: 'drop',
      });
      await created('messaging', '/v1/channels', {
        key: 'notices',
        type: 'webhook',
        config: { url: providers.url('/broadcast'), secret: 'an-e2e-webhook-secret', allowedAddresses: ['127.0.0.1'] },
      });
      await created('messaging', '/v1/templates', {
        key: 'moving',
        channel: 'webhook',
        category: 'transactional',
        content: { json: { text: '{{ user.name }}, we move on Monday' } },
      });
      await created('messaging', '/v1/broadcasts', { key: 'moving', segment: 'newsletter', channel: 'notices', template: 'moving', category: 'transactional' });

      await waitFor(async () => keysByMember().size >= MEMBERS * 0.3, { what: 'a third of the members reached', timeoutMs: 180_000, intervalMs: 200 });
      const beforeKill = keysByMember().size;
      await stack.restart!('messaging', 'SIGKILL');

      const done = await waitFor(
        async () => {
          const b = (await call('messaging', 'GET', '/v1/broadcasts/moving')).json;
          return b?.status === 'completed' && b.progress.sending === 0 && keysByMember().size === MEMBERS ? b : undefined;
        },
        { what: 'the broadcast completed after the restart', timeoutMs: 300_000, intervalMs: 1_000 },
      );
      expect(beforeKill).toBeLessThan(MEMBERS);
      expect(done.progress).toMatchObject({ targeted: MEMBERS, targetingDone: true, pending: 0, sent: MEMBERS, suppressed: 0, failed: 0, deferred: 0 });
      const keys = keysByMember();
      expect([...keys.values()].filter((k) => k.size !== 1)).toEqual([]);
      expect(new Set([...keys.values()].map((k) => [...k][0])).size).toBe(MEMBERS);
      const calls = providers.callsTo('/broadcast').length;
      process.stdout.write(
        `[e2e broadcast] ${MEMBERS} members; ${beforeKill} reached before SIGKILL; ${calls} gateway calls in all (${calls - MEMBERS} repeated a key after the restart)\n`,
      );
    }),
    600_000,
  );
});
