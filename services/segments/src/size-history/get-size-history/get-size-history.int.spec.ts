import { TakeSizeSnapshotsUseCase } from '../take-size-snapshots/take-size-snapshots.usecase';
import { SegmentsParts } from '../../testing/segments-parts';
import { GetSizeHistoryUseCase } from './get-size-history.usecase';

describe('GetSizeHistoryUseCase', () => {
  let parts: SegmentsParts;
  let getSizeHistory: GetSizeHistoryUseCase;
  const PRO = { key: 'pro', name: 'Pro plan', condition: { trait: 'plan', op: 'eq', value: 'pro' } };
  const MIN = 60_000;

  beforeAll(async () => {
    parts = await SegmentsParts.start();
    getSizeHistory = new GetSizeHistoryUseCase(parts.dataSource, parts.clock);
    const snapshots = new TakeSizeSnapshotsUseCase(parts.dataSource, parts.config);
    await parts.define(PRO);
    await parts.define(PRO, 'acme');
    await snapshots.execute({ at: parts.clock.now() }); // 10:00
    await parts.ingest(parts.identify('u-1', { plan: 'pro' }), parts.identify('u-2', { plan: 'pro' }));
    await snapshots.execute({ at: parts.clock.advance(10 * MIN) }); // 10:10
    await parts.ingest(parts.identify('u-3', { plan: 'pro' }));
    parts.clock.advance(3 * MIN); // 10:13
  });

  afterAll(() => parts?.stop());

  it('answers the snapshots since the period asked for, oldest first, and the size now', async () => {
    const segment = await parts.segments.find('dev', 'pro');
    expect(await getSizeHistory.execute({ workspaceId: 'dev', idOrKey: 'pro', sinceMs: 60 * MIN })).toEqual({
      segment: { id: segment!.id, key: 'pro', name: 'Pro plan' },
      every: '10m',
      points: [
        { at: '2026-11-02T10:00:00.000Z', size: 0 },
        { at: '2026-11-02T10:10:00.000Z', size: 2 },
      ],
      current: { at: '2026-11-02T10:13:00.000Z', size: 3 },
    });
    const recent = await getSizeHistory.execute({ workspaceId: 'dev', idOrKey: segment!.id, sinceMs: 5 * MIN });
    expect(recent.points).toEqual([{ at: '2026-11-02T10:10:00.000Z', size: 2 }]);
  });

  it('finds the segment by its key in any case and by its id in upper case, as GET /v1/segments/:id does', async () => {
    const segment = await parts.segments.find('dev', 'pro');
    for (const idOrKey of ['PRO', segment!.id.toUpperCase()]) {
      expect((await getSizeHistory.execute({ workspaceId: 'dev', idOrKey, sinceMs: 60 * MIN })).segment).toEqual({
        id: segment!.id,
        key: 'pro',
        name: 'Pro plan',
      });
    }
  });

  it('answers 404 NOT_FOUND for an unknown segment and another workspace’s; each workspace sees its own sizes', async () => {
    const acme = await parts.segments.find('acme', 'pro');
    for (const idOrKey of [acme!.id, 'ghost']) {
      await expect(getSizeHistory.execute({ workspaceId: 'dev', idOrKey, sinceMs: 60 * MIN })).rejects.toMatchObject({ status: 404, code: 'NOT_FOUND' });
    }
    const view = await getSizeHistory.execute({ workspaceId: 'acme', idOrKey: 'pro', sinceMs: 60 * MIN });
    expect(view.points.map((p) => p.size)).toEqual([0, 0]);
    expect(view.current.size).toBe(0);
  });
});
