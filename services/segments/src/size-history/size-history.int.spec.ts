import { devWorkspace } from '@cairn/config';
import { waitFor } from '@cairn/testing';
import { otherWorkspace, SegmentsHarness } from '../testing/segments.harness';
import type { SizeHistoryView } from './get-size-history/get-size-history.usecase';
import type { UserProfileView } from '../profiles/get-user-profile/get-user-profile.usecase';

/**
 * What the operator console reads from segments, on a real Kafka and
 * Postgres: the size history written by the snapshot job every 10 minutes of
 * the service clock (and pruned after 90 days), and a person's profile.
 */
describe('segments: size history and profiles for the console', () => {
  const h = new SegmentsHarness({ workspaces: [devWorkspace(), otherWorkspace()] });
  const MIN = 60_000;

  beforeAll(() => h.start());
  afterAll(() => h.stop());

  const history = async (query = '') => (await (await h.api(`/v1/segments/pro/size-history${query}`)).json()) as SizeHistoryView;

  it('records a segment’s size in every 10-minute slot and answers the snapshots with its size now', async () => {
    expect(
      (await h.api('/v1/segments', { method: 'POST', body: { key: 'pro', name: 'Pro plan', condition: { trait: 'plan', op: 'eq', value: 'pro' } } })).status,
    ).toBe(201);
    h.clock.advance(10 * MIN); // 10:10
    await waitFor(async () => (await history()).points.length === 1, { what: 'the 10:10 snapshot' });

    await h.publish(
      h.identify('u-1', 'anon-1', { plan: 'pro', name: '민지' }),
      h.identify('u-2', 'anon-2', { plan: 'pro' }),
      h.track('u-1', 'Product Viewed', { productId: 'P-100' }),
    );
    await h.waitForChanges('u-1', 1, 'pro');
    await h.waitForChanges('u-2', 1, 'pro');
    h.clock.advance(10 * MIN); // 10:20
    const view = await waitFor(
      async () => {
        const v = await history();
        return v.points.length === 2 ? v : undefined;
      },
      { what: 'the 10:20 snapshot' },
    );
    expect(view.segment).toMatchObject({ key: 'pro', name: 'Pro plan' });
    expect(view.every).toBe('10m');
    expect(view.points).toEqual([
      { at: '2026-11-02T10:10:00.000Z', size: 0 },
      { at: '2026-11-02T10:20:00.000Z', size: 2 },
    ]);
    expect(view.current).toEqual({ at: '2026-11-02T10:20:00.000Z', size: 2 });
    expect((await history('?since=5m')).points).toEqual([{ at: '2026-11-02T10:20:00.000Z', size: 2 }]);
  });

  it('prunes snapshots older than 90 days when it takes the next one', async () => {
    h.clock.advance(91 * 24 * 60 * MIN);
    await waitFor(
      async () => {
        const rows = await h.sql<{ n: number }>(`SELECT count(*)::int AS n FROM segments.size_snapshots`);
        return rows[0].n === 1;
      },
      { what: 'the old snapshots pruned' },
    );
    expect((await history('?since=90d')).points.map((p) => p.size)).toEqual([2]);
  });

  it('answers a person’s traits, merged identities, event totals and newest events', async () => {
    const profile = (await (await h.api('/v1/users/u-1/profile')).json()) as UserProfileView;
    expect(profile.traits).toEqual({ plan: 'pro', name: '민지' });
    expect(profile.identities.map((i) => i.id)).toEqual(['anon-1']);
    expect(profile.totals['Product Viewed']).toMatchObject({ count: 1 });
    expect(profile.events[0]).toMatchObject({ name: 'Product Viewed', properties: { productId: 'P-100' } });
    const merged = await h.api('/v1/users/anon-1/profile');
    expect(merged.status).toBe(404);
    expect(((await merged.json()) as { message: string }).message).toContain('merged into "u-1"');
  });

  it('answers bad input 4xx with a code and the field, and stays in the caller’s workspace', async () => {
    for (const since of ['soon', '100d', '0m']) {
      const bad = await h.api(`/v1/segments/pro/size-history?since=${since}`);
      expect(bad.status).toBe(400);
      expect(await bad.json()).toMatchObject({ code: 'VALIDATION_FAILED', fields: [{ path: 'since' }] });
    }
    expect((await h.api('/v1/segments/nobody/size-history')).status).toBe(404);
    expect((await h.api('/v1/users/nobody/profile')).status).toBe(404);
    expect((await h.api('/v1/segments/pro/size-history', { adminKey: 'acme-admin-key' })).status).toBe(404);
    expect((await h.api('/v1/users/u-1/profile', { adminKey: 'acme-admin-key' })).status).toBe(404);
    expect((await fetch(`${h.service.url}/v1/users/u-1/profile`)).status).toBe(401);
  });

  it('documents both endpoints in OpenAPI', async () => {
    const docs = (await (await fetch(`${h.service.url}/docs-json`)).json()) as { paths: Record<string, { get?: unknown }> };
    expect(JSON.stringify(docs.paths['/v1/segments/{id}/size-history']?.get)).toContain('since');
    expect(JSON.stringify(docs.paths['/v1/users/{userId}/profile']?.get)).toContain('identities');
  });
});
