import { CreateSegmentUseCase } from '../../segments/create-segment/create-segment.usecase';
import { UpdateSegmentUseCase } from '../../segments/update-segment/update-segment.usecase';
import { SegmentsParts } from '../../testing/segments-parts';
import { BackfillSegmentUseCase } from './backfill-segment.usecase';

describe('BackfillSegmentUseCase', () => {
  let parts: SegmentsParts;
  let backfill: BackfillSegmentUseCase;
  const VIEWERS = { key: 'viewers', name: 'Viewers', condition: { event: 'Product Viewed', count: { min: 1 } } };
  const create = (workspaceId: string, body: unknown) => new CreateSegmentUseCase(parts.dataSource, parts.clock).execute({ workspaceId, body });

  beforeAll(async () => {
    parts = await SegmentsParts.start();
    backfill = new BackfillSegmentUseCase(parts.dataSource, parts.config, parts.clock, parts.logger, parts.outbox, parts.catalog);
    await parts.ingest(
      ...['c', 'a', 'b'].map((u) => parts.track(u, 'Product Viewed')),
      parts.track('idle', 'Signed In'),
      parts.track('acme-user', 'Product Viewed', {}, { workspaceId: 'acme' }),
    );
  });

  afterAll(() => parts?.stop());

  it('answers false when no backfill is pending', async () => {
    expect(await backfill.execute({ pageSize: 10 })).toBe(false);
  });

  it('evaluates a new segment over the workspace’s stored users a page at a time, publishing entries with cause backfill', async () => {
    const created = await create('dev', VIEWERS);
    expect(await backfill.execute({ pageSize: 2 })).toBe(true);
    expect((await parts.segments.find('dev', created.id))!.backfill).toBe('running');
    expect(await parts.changesOf('a', 'viewers')).toEqual([expect.objectContaining({ change: 'entered', cause: 'backfill', seq: 1 })]);
    expect(await parts.changesOf('c', 'viewers')).toEqual([]);
    while (await backfill.execute({ pageSize: 2 }));
    expect((await parts.segments.find('dev', created.id))!.backfill).toBe('done');
    for (const u of ['b', 'c']) expect(await parts.changesOf(u, 'viewers')).toEqual([expect.objectContaining({ change: 'entered', cause: 'backfill' })]);
    expect(await parts.changesOf('idle', 'viewers')).toEqual([]);
    expect(await parts.memberOf('acme-user', 'acme')).toEqual([]);
    expect(await parts.changesOf('acme-user', undefined, 'acme')).toEqual([]);
  });

  it('after an edit, evaluates every user again, with the segments that reference the edited one', async () => {
    await parts.define({ key: 'keen', name: 'Keen', condition: { all: [{ segment: 'viewers' }, { trait: 'keen', op: 'eq', value: true }] } });
    await parts.ingest(parts.identify('a', { keen: true }));
    expect(await parts.memberOf('a')).toEqual(['keen', 'viewers']);
    await parts.ingest(parts.track('d', 'Signed In'), parts.identify('d', { keen: true }));
    expect(await parts.memberOf('d')).toEqual([]);
    await new UpdateSegmentUseCase(parts.dataSource, parts.clock).execute({
      workspaceId: 'dev',
      segment: 'viewers',
      body: { ...VIEWERS, condition: { event: 'Signed In', count: { min: 1 } } },
    });
    while (await backfill.execute({ pageSize: 500 }));
    expect(await parts.memberOf('d')).toEqual(['keen', 'viewers']);
    expect(await parts.memberOf('a')).toEqual([]);
  });
});
