import { DEFAULT_DATA_RIGHTS, devWorkspace } from '@cairn/config';
import { waitFor } from '@cairn/testing';
import { randomUUID } from 'node:crypto';
import { ApplyRetentionUseCase } from '../retention/apply-retention/apply-retention.usecase';
import { SegmentsHarness } from '../testing/segments.harness';
import { ExportUserUseCase, SegmentsExport } from './export-user/export-user.usecase';

/**
 * Segments' part of people's data on the real Kafka broker and Postgres:
 * DELETE /v1/users/:userId erases the person (every id) at once and publishes
 * the request; the person's late events are dropped, later ones start a new
 * person (or are dropped too in a workspace that suppresses erased ids); the
 * retention policy removes old history and re-evaluates the users it changed.
 */
const DAY = 86_400_000;
const VIEWED_TWICE = {
  key: 'viewed-twice',
  name: 'Viewed P-100 twice',
  condition: { event: 'Product Viewed', where: { productId: 'P-100' }, count: { min: 2 } },
};
const suppressing = { ...devWorkspace(), id: 'quiet', writeKeys: ['quiet-write-key'], adminKeys: ['quiet-admin-key'] };
const h = new SegmentsHarness({
  // The dev workspace keeps raw history a year (by default nothing is deleted).
  workspaces: [
    { ...devWorkspace(), dataRights: { ...DEFAULT_DATA_RIGHTS, retention: { renderedContentMs: 90 * DAY, historyMs: 365 * DAY } } },
    { ...suppressing, dataRights: { ...DEFAULT_DATA_RIGHTS, suppressErasedIds: true } },
  ],
});
const id = (name: string) => `${name}-${randomUUID().slice(0, 8)}`;

beforeAll(async () => {
  await h.start();
  expect((await h.api('/v1/segments', { method: 'POST', body: VIEWED_TWICE })).status).toBe(201);
});
afterAll(() => h.stop());

const exported = (userId: string, workspaceId = 'dev'): Promise<SegmentsExport> => h.service.app.get(ExportUserUseCase).execute({ workspaceId, userId });
const states = async (ids: string[]) =>
  (await h.sql<{ n: number }>(`SELECT count(*)::int AS n FROM segments.user_states WHERE user_id = ANY($1::text[])`, [ids]))[0].n;

describe('erasure', () => {
  it('erases every id of the person at once, publishes the request and answers each service’s part of its status', async () => {
    const [anon, user] = [id('anon'), id('user')];
    const views = [1, 2].map(() => h.anonymous(h.track(anon, 'Product Viewed', { productId: 'P-100' })));
    await h.publish(...views, h.identify(user, anon, { email: `${user}@example.com` }));
    await h.waitForChanges(user, 1, VIEWED_TWICE.key);
    expect((await exported(anon)).ids.sort()).toEqual([anon, user].sort());

    const answer = await h.api(`/v1/users/${anon}`, { method: 'DELETE' });
    expect(answer.status).toBe(202);
    expect(answer.headers.get('location')).toBe(`/v1/users/${anon}/erasure`);
    const accepted = (await answer.json()) as { erasureId: string; userId: string; requestedAt: string };
    expect(accepted).toMatchObject({ userId: user, suppress: false });
    expect(await states([anon, user])).toBe(0);
    expect(await h.sql(`SELECT 1 FROM segments.identity_links WHERE user_id = $1 OR anonymous_id = $2`, [user, anon])).toEqual([]);
    for (const who of [user, anon]) {
      const status = await (await h.api(`/v1/users/${who}/erasure/segments`)).json();
      expect(status).toMatchObject({ service: 'segments', status: 'completed', erasureId: accepted.erasureId, requestedAt: accepted.requestedAt });
    }
    // The request went out on cairn.user-erasures.v1 and came back to segments' own consumer.
    await waitFor(
      async () => {
        const rows = await h.sql<{ n: number }>(`SELECT count(*)::int AS n FROM segments.processed_messages WHERE consumer = 'segments.user-erasures'`);
        return rows[0].n > 0 ? rows[0].n : undefined;
      },
      { what: 'segments to consume its own erasure request' },
    );

    // The person's events again (new message ids, their old times): dropped. A later event: a new, empty person.
    const replays = [...views.map((v) => ({ ...v, messageId: randomUUID() })), { ...h.identify(user, anon), timestamp: views[0].timestamp }];
    await h.publish(...replays);
    h.clock.advance(1000);
    await h.publish(h.track(user, 'Product Viewed', { productId: 'P-9' }));
    await waitFor(async () => (await exported(user)).events.length > 0, { what: 'the new person' });
    const fresh = await exported(user);
    expect(fresh).toMatchObject({ ids: [user], traits: {}, events: [{ name: 'Product Viewed', properties: { productId: 'P-9' } }] });
    const consumed = replays.map((r) => `dev:${r.messageId}`);
    await waitFor(async () => (await h.sql(`SELECT 1 FROM segments.processed_messages WHERE key = ANY($1::text[])`, [consumed])).length === consumed.length, {
      what: 'the replays to be consumed',
    });
    expect(await states([anon])).toBe(0);
    expect((await exported(user)).events).toHaveLength(1);
  });

  it('drops every later event of the ids in a workspace that suppresses erased ids', async () => {
    const user = id('quiet-user');
    await h.publish(h.track(user, 'Product Viewed', {}, undefined, 'quiet'));
    await waitFor(async () => (await exported(user, 'quiet')).events.length === 1, { what: 'the first event' });
    expect((await h.api(`/v1/users/${user}`, { method: 'DELETE', adminKey: 'quiet-admin-key' })).status).toBe(202);
    h.clock.advance(1000);
    const later = h.track(user, 'Product Viewed', {}, undefined, 'quiet');
    await h.publish(later);
    await waitFor(async () => (await h.sql(`SELECT 1 FROM segments.processed_messages WHERE key = $1`, [`quiet:${later.messageId}`])).length > 0, {
      what: 'the later event to be consumed',
    });
    expect(await states([user])).toBe(0);
  });
});

describe('retention', () => {
  it('removes stored occurrences older than the history period, keeps totals and traits, and re-evaluates the users', async () => {
    const user = id('keeper');
    const yearAndMore = h.clock.now().getTime() - 366 * DAY;
    await h.publish(h.track(user, 'Product Viewed', { productId: 'P-100' }, yearAndMore), h.track(user, 'Product Viewed', { productId: 'P-100' }));
    await h.waitForChanges(user, 1, VIEWED_TWICE.key);
    const retention = h.service.app.get(ApplyRetentionUseCase);
    while (await retention.execute());
    const after = await exported(user);
    expect(after.events.map((e) => e.at)).toEqual([h.clock.now().toISOString()]);
    expect(after.totals['Product Viewed'].count).toBe(2);
    const [, exit] = await h.waitForChanges(user, 2, VIEWED_TWICE.key);
    expect(exit).toMatchObject({ change: 'exited', cause: 'time' });
  });
});
