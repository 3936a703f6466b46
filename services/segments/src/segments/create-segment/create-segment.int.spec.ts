import { FLAGSHIP, SegmentsParts } from '../../testing/segments-parts';
import { CreateSegmentUseCase } from './create-segment.usecase';

describe('CreateSegmentUseCase', () => {
  let parts: SegmentsParts;
  let createSegment: CreateSegmentUseCase;

  beforeAll(async () => {
    parts = await SegmentsParts.start();
    createSegment = new CreateSegmentUseCase(parts.dataSource, parts.clock);
  });

  afterAll(() => parts?.stop());

  it('stores the definition at revision 1 with its backfill pending, and the backfill then enters the stored users', async () => {
    await parts.ingest(...[1, 2, 3].map(() => parts.track('minji', 'Product Viewed', { productId: 'P-100' })));
    const created = await createSegment.execute({ workspaceId: 'dev', body: { ...FLAGSHIP, description: 'hot' } });
    expect(created).toMatchObject({ key: FLAGSHIP.key, name: FLAGSHIP.name, description: 'hot', revision: 1, backfill: 'running' });
    expect(await parts.segments.find('dev', created.id)).toEqual(created);
    await parts.backfilled();
    expect(await parts.changesOf('minji', FLAGSHIP.key)).toEqual([expect.objectContaining({ change: 'entered', cause: 'backfill' })]);
  });

  it('refuses a key the workspace already has with 409 SEGMENT_EXISTS; another workspace may use it', async () => {
    const again = createSegment.execute({ workspaceId: 'dev', body: { ...FLAGSHIP, name: 'again' } });
    await expect(again).rejects.toMatchObject({ status: 409, code: 'SEGMENT_EXISTS' });
    expect(await createSegment.execute({ workspaceId: 'acme', body: FLAGSHIP })).toMatchObject({ key: FLAGSHIP.key, revision: 1 });
    expect((await parts.segments.list('dev')).map((s) => s.name)).toEqual([FLAGSHIP.name]);
  });

  it('refuses an invalid definition with 400 VALIDATION_FAILED naming each path; a segment of another workspace does not exist here', async () => {
    const body = {
      key: 'bad',
      name: 'bad',
      condition: { all: [{ event: 'X', within: 'week' }, { trait: 'tier', op: 'like', value: 'g' }, { segment: 'ghost' }] },
    };
    const error = await createSegment.execute({ workspaceId: 'dev', body }).catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
    expect((error as { fields: Array<{ path: string }> }).fields.map((f) => f.path)).toEqual([
      'condition.all[0].within',
      'condition.all[1].op',
      'condition.all[2].segment',
    ]);
    await parts.define({ key: 'acme-gold', name: 'Gold', condition: { trait: 'tier', op: 'eq', value: 'gold' } }, 'acme');
    const referencing = createSegment.execute({ workspaceId: 'dev', body: { key: 'ref', name: 'ref', condition: { segment: 'acme-gold' } } });
    await expect(referencing).rejects.toMatchObject({ status: 400, fields: [{ path: 'condition.segment' }] });
    expect((await parts.segments.list('dev')).map((s) => s.key)).toEqual([FLAGSHIP.key]);
  });
});
