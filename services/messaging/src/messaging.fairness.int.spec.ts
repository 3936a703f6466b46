import { WorkspaceConfig } from '@cairn/config';
import { MessageRequest } from '@cairn/contracts';
import { ManualClock } from '@cairn/core';
import { waitFor } from '@cairn/testing';
import { Json, MessagingHarness } from './testing/messaging.harness';

const SHOP_ADMIN = 'shop-admin-key-0001';
const shop: WorkspaceConfig = {
  id: 'shop',
  name: 'Shop',
  writeKeys: ['shop-write-key-0001'],
  adminKeys: [SHOP_ADMIN],
  timezone: 'Asia/Seoul',
  compliance: 'none',
  senderName: 'Shop',
  optOutText: 'opt out',
  ingestRatePerSecond: 1000,
};

describe("messaging: one workspace's failing provider", () => {
  const h = new MessagingHarness(new ManualClock('2026-11-03T03:00:00.000Z'), [shop]); // Tuesday 12:00 KST
  const receipt = (workspaceId: string, userId: string): MessageRequest => h.request(userId, { workspaceId, template: 'receipt', category: 'transactional' });

  const sentOnce = (requests: MessageRequest[]) => {
    for (const r of requests) expect(h.hitsFor(r.idempotencyKey, 200)).toHaveLength(1);
  };

  beforeAll(async () => {
    await h.start();
    await h.webhook('hook', '/dev', { resetTimeoutMs: 1000 });
    await h.webhook('hook', '/shop', { resetTimeoutMs: 1000 }, SHOP_ADMIN);
    const template = { key: 'receipt', channel: 'webhook', category: 'transactional', content: { json: { text: 'Paid, {{ user.name }}' } } };
    expect((await h.call('POST', '/v1/templates', template)).status).toBe(201);
    expect((await h.call('POST', '/v1/templates', template, SHOP_ADMIN)).status).toBe(201);
  });

  afterAll(() => h.stop());

  it("holds back only that workspace's sends: the other's flow meanwhile, and the held ones go out exactly once after recovery", async () => {
    h.statusOf['/dev'] = 500;
    const failing = Array.from({ length: 12 }, (_, i) => receipt('dev', `u-dev-${i % 3}`));
    const flowing = Array.from({ length: 12 }, (_, i) => receipt('shop', `u-shop-${i % 3}`));
    await h.publish(failing.flatMap((r, i) => [r, flowing[i]]));

    // The failing provider opens its breaker; its sends stay reserved with a reason (circuit_open or the provider's answer).
    await waitFor(
      async () => {
        const entries = (await Promise.all([0, 1, 2].map((u) => h.log(`u-dev-${u}`)))).flat();
        return entries.length === 12 && entries.every((e: Json) => e.status === 'SENDING' && e.reason) ? entries : undefined;
      },
      { timeoutMs: 30_000, what: "the failing workspace's 12 sends parked" },
    );
    for (const u of [0, 1, 2]) expect((await h.settled(`u-shop-${u}`, 4, SHOP_ADMIN)).map((e: Json) => e.status)).toEqual(Array(4).fill('SENT'));

    // While the breaker stays open (its probes fail), new requests are still consumed: the other workspace's go out.
    const later = Array.from({ length: 6 }, (_, i) => receipt('shop', `u-shop-later-${i % 2}`));
    const laterFailing = Array.from({ length: 4 }, () => receipt('dev', 'u-dev-later'));
    await h.publish([...laterFailing, ...later]);
    for (const u of [0, 1]) expect((await h.settled(`u-shop-later-${u}`, 3, SHOP_ADMIN)).map((e: Json) => e.status)).toEqual(Array(3).fill('SENT'));
    expect(await h.consumerState()).toBe('running');
    const parkedLater = await waitFor(
      async () => {
        const entries = await h.log('u-dev-later');
        return entries.length === 4 && entries.every((e: Json) => e.status === 'SENDING') ? entries : undefined;
      },
      { timeoutMs: 30_000, what: "the failing workspace's later sends reserved, not lost" },
    );
    expect(parkedLater).toHaveLength(4);
    sentOnce([...flowing, ...later]);
    expect(failing.every((r) => h.hitsFor(r.idempotencyKey, 200).length === 0)).toBe(true);

    h.statusOf['/dev'] = 200; // recovery: the next probe closes the breaker and its parked sends go out
    const held = [...failing, ...laterFailing];
    await waitFor(
      async () => {
        const entries = (await Promise.all(['u-dev-0', 'u-dev-1', 'u-dev-2', 'u-dev-later'].map((u) => h.log(u)))).flat();
        return entries.length === 16 && entries.every((e: Json) => e.status === 'SENT') ? entries : undefined;
      },
      { timeoutMs: 60_000, what: 'the held sends delivered after recovery' },
    );
    sentOnce(held);
    const keys = new Set([...held, ...flowing, ...later].map((r) => r.idempotencyKey));
    await waitFor(() => h.outcomes.filter((o) => keys.has(o.idempotencyKey)).length === keys.size, { timeoutMs: 30_000, what: 'an outcome per request' });
    expect(h.outcomes.filter((o) => keys.has(o.idempotencyKey)).map((o) => o.status)).toEqual(Array(keys.size).fill('SENT'));
  });
});
