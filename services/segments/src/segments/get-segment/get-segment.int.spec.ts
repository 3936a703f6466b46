import { FLAGSHIP, SegmentsParts } from '../../testing/segments-parts';
import { GetSegmentUseCase } from './get-segment.usecase';

describe('GetSegmentUseCase', () => {
  let parts: SegmentsParts;
  let getSegment: GetSegmentUseCase;

  beforeAll(async () => {
    parts = await SegmentsParts.start();
    getSegment = new GetSegmentUseCase(parts.dataSource);
  });

  afterAll(() => parts?.stop());

  it('reads a segment of the workspace by id or by key', async () => {
    const created = await parts.define(FLAGSHIP);
    const byId = await getSegment.execute({ workspaceId: 'dev', segment: created.id });
    expect(byId).toEqual({
      id: created.id,
      key: FLAGSHIP.key,
      name: FLAGSHIP.name,
      condition: created.condition,
      revision: 1,
      backfill: 'done',
      createdAt: '2026-11-02T10:00:00.000Z',
      updatedAt: '2026-11-02T10:00:00.000Z',
    });
    expect(byId.condition).toMatchObject({ all: [{ event: 'Product Viewed', within: '7d' }, { not: { event: 'Order Completed' } }] });
    expect(await getSegment.execute({ workspaceId: 'dev', segment: FLAGSHIP.key })).toEqual(byId);
  });

  it('answers 404 NOT_FOUND for another workspace’s segment and an unknown id or key', async () => {
    const acme = await parts.define({ ...FLAGSHIP, key: 'acme-only' }, 'acme');
    for (const segment of [acme.id, 'acme-only', 'ghost', '00000000-0000-4000-8000-000000000000']) {
      await expect(getSegment.execute({ workspaceId: 'dev', segment })).rejects.toMatchObject({ status: 404, code: 'NOT_FOUND' });
    }
    expect(await getSegment.execute({ workspaceId: 'acme', segment: acme.id })).toMatchObject({ key: 'acme-only' });
  });
});
