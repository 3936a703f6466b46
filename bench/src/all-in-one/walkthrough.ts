import { runWorkers } from '../measure';

const WRITE = { authorization: 'Basic ' + Buffer.from('dev-write-key:').toString('base64'), 'content-type': 'application/json' };
const ADMIN = { authorization: 'Bearer dev-admin-key', 'content-type': 'application/json' };

async function call(base: string, method: string, path: string, headers: Record<string, string>, body?: unknown): Promise<unknown> {
  const res = await fetch(`${base}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  if (res.status >= 400) throw new Error(`${method} ${path} answered ${res.status}: ${text.slice(0, 300)}`);
  return text ? JSON.parse(text) : undefined;
}

/** README.md's Walkthrough, call for call, until the secret coupon and the cart reminder are in minji's log. */
export async function playWalkthrough(base: string): Promise<void> {
  await call(base, 'POST', '/v1/identify', WRITE, { userId: 'minji', traits: { name: '민지', timezone: 'Asia/Seoul' } });
  await call(base, 'PUT', '/v1/users/minji/consents', ADMIN, { channels: { kakao: { advertising: true, night: true } }, source: 'signup-form' });
  await call(base, 'POST', '/v1/track', WRITE, {
    userId: 'minji',
    event: 'Product Added',
    properties: { cartId: 'cart-1', productId: 'P-200', name: '린넨 셔츠' },
  });
  for (let i = 0; i < 3; i++) await call(base, 'POST', '/v1/track', WRITE, { userId: 'minji', event: 'Product Viewed', properties: { productId: 'P-100' } });
  const deadline = Date.now() + 60_000;
  for (;;) {
    const { messages } = (await call(base, 'GET', '/v1/messages?userId=minji', ADMIN)) as { messages: Array<{ journey: string; status: string }> };
    const sent = new Set(messages.filter((m) => m.status === 'SENT').map((m) => m.journey));
    if (sent.has('flagship-secret-coupon') && sent.has('cart-abandonment')) return;
    if (Date.now() > deadline) throw new Error(`the walkthrough's two messages did not arrive: ${JSON.stringify(messages)}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** The management calls of the burst, in turn: reads of every API (documents included) and writes of templates and consents. */
const BURST: Array<(i: number) => [string, string, unknown?]> = [
  () => ['GET', '/v1/segments'],
  () => ['GET', '/v1/journeys'],
  () => ['GET', '/v1/templates'],
  () => ['GET', '/v1/channels'],
  () => ['GET', '/v1/messages?userId=minji'],
  () => ['GET', '/v1/users/minji/segments?explain=true'],
  () => ['GET', '/v1/users/minji/journeys'],
  () => ['GET', '/v1/frequency-policy'],
  (i) => ['PUT', `/v1/users/burst-${i % 50}/consents`, { channels: { kakao: { advertising: i % 2 === 0 } }, source: 'bench' }],
  (i) => ['PUT', `/v1/templates/burst-${i % 20}`, { key: `burst-${i % 20}`, channel: 'kakao', content: { text: `hello {{ user.name }} ${i}` } }],
  (i) => ['GET', `/docs/${['events', 'segments', 'journeys', 'messaging'][i % 4]}-json`],
];

/** `calls` management calls, 8 at a time, cycling through BURST. */
export async function managementBurst(base: string, calls: number): Promise<void> {
  await runWorkers(8, calls, async (i) => {
    const [method, path, body] = BURST[i % BURST.length](Math.floor(i / BURST.length));
    await call(base, method, path, ADMIN, body).catch(async (error: Error) => {
      // A template PUT before it exists: create it instead.
      if (method === 'PUT' && /answered 404/.test(error.message)) await call(base, 'POST', '/v1/templates', ADMIN, body);
      else throw error;
    });
  });
}
