import { SizeSnapshotRepository } from '../size-snapshot.repository';
import { DAY, SegmentsParts } from '../../testing/segments-parts';
import { TakeSizeSnapshotsUseCase } from './take-size-snapshots.usecase';

describe('TakeSizeSnapshotsUseCase', () => {
  let parts: SegmentsParts;
  let takeSizeSnapshots: TakeSizeSnapshotsUseCase;
  const PRO = { key: 'pro', name: 'Pro plan', condition: { trait: 'plan', op: 'eq', value: 'pro' } };
  const slot = (iso: string) => new Date(iso);
  const history = async (workspaceId: string, key: string) => {
    const repo = new SizeSnapshotRepository(parts.dataSource.manager);
    const segment = await parts.segments.find(workspaceId, key);
    return (await repo.history(workspaceId, segment!.id, new Date(0))).map((p) => [new Date(p.at).toISOString(), p.size]);
  };

  beforeAll(async () => {
    parts = await SegmentsParts.start();
    takeSizeSnapshots = new TakeSizeSnapshotsUseCase(parts.dataSource, parts.config);
    await parts.define(PRO);
    await parts.define({ ...PRO, key: 'free', condition: { trait: 'plan', op: 'eq', value: 'free' } });
    await parts.define(PRO, 'acme');
    await parts.ingest(parts.identify('u-1', { plan: 'pro' }), parts.identify('u-2', { plan: 'pro' }));
    await parts.ingest(parts.identify('u-1', { plan: 'pro' }, { workspaceId: 'acme' }));
  });

  afterAll(() => parts?.stop());

  it('records every segment’s member count of every configured workspace for the slot, once per slot', async () => {
    expect(await takeSizeSnapshots.execute({ at: slot('2026-11-02T10:00:00.000Z') })).toBe(3);
    expect(await history('dev', 'pro')).toEqual([['2026-11-02T10:00:00.000Z', 2]]);
    expect(await history('dev', 'free')).toEqual([['2026-11-02T10:00:00.000Z', 0]]);
    expect(await history('acme', 'pro')).toEqual([['2026-11-02T10:00:00.000Z', 1]]);
    await parts.ingest(parts.identify('u-3', { plan: 'pro' }));
    expect(await takeSizeSnapshots.execute({ at: slot('2026-11-02T10:00:00.000Z') })).toBe(0);
    expect(await history('dev', 'pro')).toEqual([['2026-11-02T10:00:00.000Z', 2]]);
  });

  it('prunes the snapshots older than 90 days when it takes the next one', async () => {
    expect(await takeSizeSnapshots.execute({ at: slot('2026-11-02T10:10:00.000Z') })).toBe(3);
    expect(await history('dev', 'pro')).toEqual([
      ['2026-11-02T10:00:00.000Z', 2],
      ['2026-11-02T10:10:00.000Z', 3],
    ]);
    const later = new Date(Date.parse('2026-11-02T10:05:00.000Z') + 90 * DAY);
    expect(await takeSizeSnapshots.execute({ at: later })).toBe(3);
    expect(await history('dev', 'pro')).toEqual([
      ['2026-11-02T10:10:00.000Z', 3],
      [later.toISOString(), 3],
    ]);
    expect((await history('acme', 'pro')).map(([at]) => at)).toEqual(['2026-11-02T10:10:00.000Z', later.toISOString()]);
  });
});
