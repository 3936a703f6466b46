import { ManualClock } from '@cairn/core';
import { waitFor } from '@cairn/testing';
import { Json, MessagingHarness } from './testing/messaging.harness';

describe('messaging: caps and template locales end to end', () => {
  const h = new MessagingHarness(new ManualClock('2026-11-04T03:00:00.000Z')); // Wednesday 12:00 KST

  const policy = (body: unknown) => h.call('PUT', '/v1/frequency-policy', body);
  const consent = (userId: string) => h.call('PUT', `/v1/users/${userId}/consents`, { channels: { hook: { advertising: true } }, source: 'signup' });
  const statuses = (entries: Json[]) => entries.map((e) => e.status).sort();
  const sentTo = (userId: string) => h.received.filter((r) => JSON.parse(r.body).userId === userId);

  beforeAll(async () => {
    await h.start();
    await h.webhook('hook', '/hook');
    await h.call('POST', '/v1/templates', { key: 'promo', channel: 'webhook', category: 'promotional', content: { json: { text: 'Hi {{ user.name }}' } } });
  });

  afterAll(() => h.stop());

  it('defers a capped message (whenCapped: defer) until the rolling window frees, then sends it', async () => {
    expect((await policy({ rules: [{ scope: 'all', limit: 2, window: '1h' }], whenCapped: 'defer' })).status).toBe(200);
    await consent('u-defer');
    const requests = [h.request('u-defer'), h.request('u-defer'), h.request('u-defer')];
    await h.publish(requests);
    const entries = await h.settled('u-defer', 3);
    expect(statuses(entries)).toEqual(['DEFERRED', 'SENT', 'SENT']);
    const deferred = entries.find((e: Json) => e.status === 'DEFERRED');
    expect(deferred).toMatchObject({ idempotencyKey: requests[2].idempotencyKey, reason: 'frequency_cap', deferredUntil: '2026-11-04T04:00:00.000Z' });
    await waitFor(() => h.outcomes.find((o) => o.idempotencyKey === requests[2].idempotencyKey), { timeoutMs: 30_000, what: 'the DEFERRED outcome' });
    expect(h.outcomes.find((o) => o.idempotencyKey === requests[2].idempotencyKey)).toMatchObject({
      status: 'DEFERRED',
      deferredUntil: '2026-11-04T04:00:00.000Z',
    });

    h.clock.set('2026-11-04T04:00:00.000Z');
    await waitFor(async () => (await h.log('u-defer')).every((e: Json) => e.status === 'SENT'), {
      timeoutMs: 30_000,
      what: 'the deferred message sent when the window frees',
    });
    expect(sentTo('u-defer')).toHaveLength(3);
    expect(h.hitsFor(requests[2].idempotencyKey)).toHaveLength(1);
  });

  it("resets a calendar-day cap at midnight in the user's time zone, not UTC", async () => {
    await policy({ rules: [{ scope: 'all', limit: 1, window: 'calendar-day' }], whenCapped: 'defer' });
    await consent('u-la');
    h.clock.set('2026-11-04T07:00:00.000Z'); // 23:00 on Nov 3 in Los Angeles (UTC-8); already Nov 4 in UTC and in Seoul
    const user = { name: 'Ana', timezone: 'America/Los_Angeles' };
    const [first, second] = [h.request('u-la', { context: { user } }), h.request('u-la', { context: { user } })];
    await h.publish([first, second]);
    const entries = await h.settled('u-la', 2);
    expect(entries.find((e: Json) => e.idempotencyKey === first.idempotencyKey).status).toBe('SENT');
    // Local midnight in Los Angeles is 08:00 UTC (UTC midnight would be the next day, Seoul's 15:00 UTC).
    expect(entries.find((e: Json) => e.idempotencyKey === second.idempotencyKey)).toMatchObject({
      status: 'DEFERRED',
      reason: 'frequency_cap',
      deferredUntil: '2026-11-04T08:00:00.000Z',
    });

    h.clock.set('2026-11-04T08:00:00.000Z');
    await waitFor(async () => (await h.log('u-la')).every((e: Json) => e.status === 'SENT'), {
      timeoutMs: 30_000,
      what: 'the second message sent on the new local day',
    });
    expect(sentTo('u-la')).toHaveLength(2);
  });

  it('counts a journey-scoped cap per journey', async () => {
    await policy({ rules: [{ scope: 'journey', limit: 1, window: '24h' }], whenCapped: 'drop' });
    await consent('u-journeys');
    const journey = (key: string) => ({ key, version: 1, runId: `run-${key}`, step: 'send' });
    const welcome = [h.request('u-journeys', { journey: journey('welcome') }), h.request('u-journeys', { journey: journey('welcome') })];
    const cart = h.request('u-journeys', { journey: journey('cart') });
    const outside = h.request('u-journeys', { journey: undefined });
    await h.publish([...welcome, cart, outside]);
    const entries = await h.settled('u-journeys', 4);
    const byKey = (key: string) => entries.find((e: Json) => e.idempotencyKey === key);
    expect(byKey(welcome[0].idempotencyKey).status).toBe('SENT');
    expect(byKey(welcome[1].idempotencyKey)).toMatchObject({ status: 'SUPPRESSED', reason: 'frequency_cap' });
    expect(byKey(cart.idempotencyKey).status).toBe('SENT');
    expect(byKey(outside.idempotencyKey).status).toBe('SENT'); // the rule does not apply outside journeys
    const filtered = (await h.call('GET', '/v1/messages?userId=u-journeys&journey=welcome')).json.messages;
    expect(statuses(filtered)).toEqual(['SENT', 'SUPPRESSED']);
  });

  it("renders the template variant for the user's locale trait, else the default", async () => {
    const base = { key: 'paid', channel: 'webhook', category: 'transactional' };
    await h.call('POST', '/v1/templates', { ...base, content: { json: { text: '결제 완료, {{ user.name }}' } } });
    await h.call('POST', '/v1/templates', { ...base, locale: 'en', content: { json: { text: 'Paid, {{ user.name }}' } } });
    const paid = (name: string, locale?: string) =>
      h.request('u-locale', { template: 'paid', category: 'transactional', context: { user: locale ? { name, locale } : { name } } });
    const [english, korean, unknown] = [paid('Ana', 'en-GB'), paid('민지'), paid('Kenji', 'ja-JP')];
    await h.publish([english, korean, unknown]);
    await h.settled('u-locale', 3);
    const text = (key: string) => JSON.parse(h.hitsFor(key)[0].body).content.json.text;
    expect([text(english.idempotencyKey), text(korean.idempotencyKey), text(unknown.idempotencyKey)]).toEqual([
      'Paid, Ana',
      '결제 완료, 민지',
      '결제 완료, Kenji',
    ]);
  });

  it('decides a batch mixing many users, each many times, in order: exactly the capped count per user', async () => {
    await policy({ rules: [{ scope: 'all', limit: 3, window: '24h' }], whenCapped: 'drop' });
    const users = Array.from({ length: 12 }, (_, u) => `u-mix-${u}`);
    for (const user of users) await consent(user);
    const byUser = new Map(users.map((user) => [user, Array.from({ length: 8 }, () => h.request(user))]));
    // Round robin: every user's requests interleaved with the others' in one publish.
    await h.publish(Array.from({ length: 8 }, (_, k) => users.map((user) => byUser.get(user)![k])).flat());
    for (const user of users) {
      const entries = await h.settled(user, 8);
      const sent = entries
        .filter((e: Json) => e.status === 'SENT')
        .map((e: Json) => e.idempotencyKey)
        .sort();
      expect(sent).toEqual(
        byUser
          .get(user)!
          .slice(0, 3)
          .map((r) => r.idempotencyKey)
          .sort(),
      ); // the first three, in request order
      expect(entries.filter((e: Json) => e.status === 'SUPPRESSED' && e.reason === 'frequency_cap')).toHaveLength(5);
      expect(sentTo(user)).toHaveLength(3);
    }
    const keys = new Set([...byUser.values()].flat().map((r) => r.idempotencyKey));
    await waitFor(() => h.outcomes.filter((o) => keys.has(o.idempotencyKey)).length === keys.size, { timeoutMs: 30_000, what: 'an outcome per request' });
  });

  it('falls back to the workspace time zone for a timezone trait that names none ("Not/AZone"), on first decision and when deferred', async () => {
    await policy({ rules: [{ scope: 'all', limit: 1, window: 'calendar-day' }], whenCapped: 'defer', quietHours: { start: '09:00', end: '10:05' } });
    for (const user of ['u-badzone', 'u-goodzone']) await consent(user);
    h.clock.set('2026-11-05T00:30:00.000Z'); // Thursday 09:30 in Seoul (the workspace zone), Wednesday 16:30 in Los Angeles
    const bad = { name: 'B', timezone: 'Not/AZone' };
    const [first, second] = [h.request('u-badzone', { context: { user: bad } }), h.request('u-badzone', { context: { user: bad } })];
    const good = h.request('u-goodzone', { context: { user: { name: 'G', timezone: 'America/Los_Angeles' } } });
    await h.publish([first, good, second]);
    expect((await h.settled('u-goodzone', 1))[0].status).toBe('SENT'); // not quiet hours in Los Angeles, in the same batch
    const deferred = await h.settled('u-badzone', 2);
    expect(deferred.map((e: Json) => [e.status, e.reason, e.deferredUntil])).toEqual(Array(2).fill(['DEFERRED', 'quiet_hours', '2026-11-05T01:05:00.000Z']));

    h.clock.set('2026-11-05T01:05:00.000Z'); // 10:05 in Seoul: decided again; the calendar day of the cap is Seoul's too
    const decided = await waitFor(
      async () => {
        const entries = await h.log('u-badzone');
        return entries.every((e: Json) => e.status !== 'DEFERRED' || e.reason === 'frequency_cap') && entries.some((e: Json) => e.status === 'SENT')
          ? entries
          : undefined;
      },
      { timeoutMs: 30_000, what: 'the deferred messages decided again at 10:05 KST' },
    );
    expect(decided.find((e: Json) => e.idempotencyKey === first.idempotencyKey).status).toBe('SENT');
    expect(decided.find((e: Json) => e.idempotencyKey === second.idempotencyKey)).toMatchObject({
      status: 'DEFERRED',
      reason: 'frequency_cap',
      deferredUntil: '2026-11-05T15:00:00.000Z',
    }); // midnight in Seoul
  });

  it('fails a request Postgres cannot store as it came (a NUL character) with request_invalid, and decides the rest of its batch', async () => {
    await policy({ rules: [] });
    for (const user of ['u-batch-a', 'u-batch-b']) await consent(user);
    const poison = h.request('u-batch-b', { context: { user: { name: 'bad\u0000name' } } });
    const batch = [h.request('u-batch-a'), poison, h.request('u-batch-b'), h.request('u-batch-a')];
    await h.publish(batch);
    expect(statuses(await h.settled('u-batch-a', 2))).toEqual(['SENT', 'SENT']);
    const entries = await h.settled('u-batch-b', 2);
    expect(entries.find((e: Json) => e.idempotencyKey === batch[2].idempotencyKey).status).toBe('SENT');
    expect(entries.find((e: Json) => e.idempotencyKey === poison.idempotencyKey)).toMatchObject({ status: 'FAILED', reason: 'request_invalid' });
    const outcome = await waitFor(() => h.outcomes.find((o) => o.idempotencyKey === poison.idempotencyKey), { timeoutMs: 30_000, what: 'the FAILED outcome' });
    expect(outcome).toMatchObject({ status: 'FAILED', reason: 'request_invalid' });
    expect(h.hitsFor(poison.idempotencyKey)).toHaveLength(0);
    expect(h.deadLetters.filter((d) => batch.some((r) => r.idempotencyKey === d.value.idempotencyKey))).toHaveLength(0);
  });

  it('fails a message whose template overruns the render budget for its user with template_budget_exceeded; the rest is sent', async () => {
    // Cheap without data (so it can be saved), heavy for a user with many items: 9 million loop steps.
    const loops = '{% for i in entry.items %}{% for j in entry.items %}{% endfor %}{% endfor %}done';
    expect(
      (await h.call('POST', '/v1/templates', { key: 'loops', channel: 'webhook', category: 'transactional', content: { json: { text: loops } } })).status,
    ).toBe(201);
    const items = Array.from({ length: 3000 }, (_, i) => i);
    const heavy = h.request('u-heavy', { template: 'loops', category: 'transactional', context: { user: { name: 'x' }, entry: { items } } });
    const light = h.request('u-heavy', { template: 'loops', category: 'transactional', context: { user: { name: 'x' }, entry: { items: [1] } } });
    const other = h.request('u-light', { template: 'promo', category: 'transactional' });
    await h.publish([heavy, light, other]);
    const entries = await h.settled('u-heavy', 2);
    expect(entries.find((e: Json) => e.idempotencyKey === heavy.idempotencyKey)).toMatchObject({ status: 'FAILED', reason: 'template_budget_exceeded' });
    expect(entries.find((e: Json) => e.idempotencyKey === light.idempotencyKey)).toMatchObject({ status: 'SENT' });
    expect((await h.settled('u-light', 1))[0].status).toBe('SENT');
    expect(h.hitsFor(heavy.idempotencyKey)).toHaveLength(0);
  });
});
