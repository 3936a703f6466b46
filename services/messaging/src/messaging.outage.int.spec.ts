import { ManualClock } from '@cairn/core';
import { waitFor } from '@cairn/testing';
import { createServer } from 'node:net';
import { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { Json, MessagingHarness } from './testing/messaging.harness';

/** A loopback port nobody listens on (yet). */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

describe('messaging: provider outages', () => {
  const h = new MessagingHarness(new ManualClock('2026-11-03T03:00:00.000Z')); // Tuesday 12:00 KST
  const transactional = { template: 'receipt', category: 'transactional' as const };

  const parked = (userId: string, count: number) =>
    waitFor(
      async () => {
        const entries = await h.log(userId);
        return entries.length === count && entries.every((e: Json) => e.status === 'SENDING' && e.reason) ? entries : undefined;
      },
      { timeoutMs: 30_000, what: `${count} sends of ${userId} parked during the outage` },
    );

  const allSent = (userId: string, count: number) =>
    waitFor(
      async () => {
        const entries = await h.log(userId);
        return entries.length === count && entries.every((e: Json) => e.status === 'SENT') ? entries : undefined;
      },
      { timeoutMs: 30_000, what: `${count} sends of ${userId} delivered` },
    );

  beforeAll(async () => {
    await h.start();
    await h.webhook('flaky', '/flaky', { resetTimeoutMs: 1000 });
    await h.webhook('down', '/down', { resetTimeoutMs: 1000 });
    await h.call('POST', '/v1/templates', { key: 'promo', channel: 'webhook', category: 'promotional', content: { json: { text: 'Hi {{ user.name }}' } } });
    await h.call('POST', '/v1/templates', {
      key: 'receipt',
      channel: 'webhook',
      category: 'transactional',
      content: { json: { text: 'Paid, {{ user.name }}' } },
    });
  });

  afterAll(() => h.stop());

  it("holds back the channel's sends while its breaker is open, without spinning through retries, and delivers each exactly once after recovery", async () => {
    h.statusOf['/flaky'] = 500;
    const first = Array.from({ length: 6 }, () => h.request('u-out', { channel: 'flaky', ...transactional }));
    await h.publish(first);
    const entries = await parked('u-out', 6);
    expect(entries.map((e: Json) => e.reason)).toContain('circuit_open');
    expect(h.received.filter((r) => r.path === '/flaky').length).toBeLessThan(6 * 3); // no spinning through retries

    // New requests are still consumed: reserved, they fail fast on the open breaker and wait with a backoff, not lost.
    const later = Array.from({ length: 4 }, () => h.request('u-later', { channel: 'flaky', ...transactional }));
    await h.publish(later);
    const held = await parked('u-later', 4);
    expect(held.every((e: Json) => e.reason === 'circuit_open')).toBe(true);
    expect(later.every((r) => h.hitsFor(r.idempotencyKey).length === 0)).toBe(true);
    expect(await h.consumerState()).toBe('running');
    // The half-open breaker is probed with a parked send about every second.
    const calls = h.received.length;
    await waitFor(() => h.received.length >= calls + 2, { timeoutMs: 30_000, what: 'two failed probes of the half-open breaker' });

    h.statusOf['/flaky'] = 200; // recovery: no clock change needed, the probe closes the breaker and frees the parked sends
    await allSent('u-out', 6);
    await allSent('u-later', 4);
    for (const r of [...first, ...later]) expect(h.hitsFor(r.idempotencyKey, 200)).toHaveLength(1);
    const keys = new Set([...first, ...later].map((r) => r.idempotencyKey));
    await waitFor(() => h.outcomes.filter((o) => keys.has(o.idempotencyKey) && o.status === 'SENT').length === 10, {
      timeoutMs: 30_000,
      what: 'ten SENT outcomes',
    });
    expect(h.outcomes.filter((o) => keys.has(o.idempotencyKey)).map((o) => o.status)).toEqual(Array(10).fill('SENT'));
  });

  it('re-checks a reserved send before each later try: a withdrawal during the outage suppresses it, the night rule defers it', async () => {
    h.statusOf['/down'] = 500;
    h.clock.set('2026-11-03T11:50:00.000Z'); // 20:50 KST
    for (const user of ['u-withdraws', 'u-late']) {
      await h.call('PUT', `/v1/users/${user}/consents`, { channels: { down: { advertising: true } }, source: 'signup' });
    }
    const withdrawn = h.request('u-withdraws', { channel: 'down' });
    const late = h.request('u-late', { channel: 'down' });
    await h.publish([withdrawn, late]);
    await parked('u-withdraws', 1);
    await parked('u-late', 1);

    await h.call('PUT', '/v1/users/u-withdraws/consents', { channels: { down: { advertising: false } }, source: 'unsubscribe-link' });
    h.clock.set('2026-11-03T12:30:00.000Z'); // 21:30 KST: past the backoff, inside the kr-ad-law night window
    const [suppressed] = await h.settled('u-withdraws', 1);
    expect(suppressed).toMatchObject({ status: 'SUPPRESSED', reason: 'consent_withdrawn' });
    const [deferred] = await h.settled('u-late', 1);
    expect(deferred).toMatchObject({ status: 'DEFERRED', reason: 'night_consent_required', deferredUntil: '2026-11-03T23:00:00.000Z' });
    await waitFor(() => h.outcomes.find((o) => o.idempotencyKey === withdrawn.idempotencyKey), { timeoutMs: 30_000, what: 'the SUPPRESSED outcome' });
    expect(h.outcomes.find((o) => o.idempotencyKey === withdrawn.idempotencyKey)).toMatchObject({ status: 'SUPPRESSED', reason: 'consent_withdrawn' });
    // Nothing parked is left to probe with: the channel's next send probes the provider.

    h.statusOf['/down'] = 200;
    h.clock.set('2026-11-03T23:00:00.000Z'); // 08:00 KST
    await allSent('u-late', 1);
    expect(h.hitsFor(late.idempotencyKey, 200)).toHaveLength(1);
    expect(h.hitsFor(withdrawn.idempotencyKey, 200)).toHaveLength(0);
  });

  it('delivers each email through the SMTP relay exactly once after it was down, with the idempotency key in the headers', async () => {
    const port = await freePort();
    const config = { host: '127.0.0.1', port, from: 'Cairn Shop <shop@example.com>', allowedAddresses: ['127.0.0.1'], resetTimeoutMs: 1000 };
    expect((await h.call('POST', '/v1/channels', { key: 'mail', type: 'smtp', config })).status).toBe(201);
    await h.call('POST', '/v1/templates', {
      key: 'mail-receipt',
      channel: 'email',
      category: 'transactional',
      content: { subject: 'Receipt for {{ user.name }}', text: 'Thanks!' },
    });
    const mails = Array.from({ length: 3 }, () =>
      h.request('u-mail', {
        channel: 'mail',
        template: 'mail-receipt',
        category: 'transactional',
        context: { user: { name: 'Minji', email: 'minji@example.com' } },
      }),
    );
    await h.publish(mails);
    await parked('u-mail', 3);

    const received: Array<{ to: string[]; raw: string }> = [];
    const smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData(stream, session, done) {
        let raw = '';
        stream.on('data', (chunk: Buffer) => (raw += chunk.toString()));
        stream.on('end', () => {
          received.push({ to: session.envelope.rcptTo.map((r) => r.address), raw });
          done();
        });
      },
    });
    await new Promise<void>((resolve) => smtp.listen(port, '127.0.0.1', resolve));
    try {
      const entries = await allSent('u-mail', 3);
      expect(entries[0].content).toEqual({ subject: 'Receipt for Minji', text: 'Thanks!' });
      const keys = received.map((m) => /X-Cairn-Idempotency-Key: (\S+)/.exec(m.raw)?.[1]);
      expect(keys.sort()).toEqual(mails.map((m) => m.idempotencyKey).sort()); // each exactly once, with its key in the headers
      expect(received.every((m) => m.to.join() === 'minji@example.com' && m.raw.includes('Subject: Receipt for Minji'))).toBe(true);
    } finally {
      await new Promise((resolve) => smtp.close(() => resolve(undefined)));
    }
  });
});
