import { TOPICS } from '@cairn/contracts';
import { SegmentsParts } from '../../testing/segments-parts';
import { DeleteSegmentUseCase } from './delete-segment.usecase';

describe('DeleteSegmentUseCase', () => {
  let parts: SegmentsParts;
  let deleteSegment: DeleteSegmentUseCase;
  const GOLD = { key: 'gold', name: 'Gold', condition: { trait: 'tier', op: 'eq', value: 'gold' } };

  beforeAll(async () => {
    parts = await SegmentsParts.start();
    deleteSegment = new DeleteSegmentUseCase(parts.dataSource);
  });

  afterAll(() => parts?.stop());

  it('deletes the segment and its memberships, publishing no exit; later events publish nothing for it', async () => {
    const gold = await parts.define(GOLD);
    await parts.ingest(parts.identify('minji', { tier: 'gold' }));
    expect(await parts.memberOf('minji')).toEqual(['gold']);
    const published = (await parts.published(TOPICS.segmentMembership)).length;

    await deleteSegment.execute({ workspaceId: 'dev', segment: gold.id });
    expect(await parts.segments.find('dev', 'gold')).toBeUndefined();
    expect(await parts.memberOf('minji')).toEqual([]);
    await parts.ingest(parts.identify('jisoo', { tier: 'gold' }));
    expect(await parts.published(TOPICS.segmentMembership)).toHaveLength(published);
  });

  it('refuses to delete a segment another segment references with 409 SEGMENT_REFERENCED', async () => {
    await parts.define({ key: 'vip', name: 'VIP', condition: { trait: 'vip', op: 'eq', value: true } });
    await parts.define({ key: 'vip-gold', name: 'VIP and gold', condition: { all: [{ segment: 'vip' }, { trait: 'tier', op: 'eq', value: 'gold' }] } });
    await expect(deleteSegment.execute({ workspaceId: 'dev', segment: 'vip' })).rejects.toMatchObject({ status: 409, code: 'SEGMENT_REFERENCED' });
    expect(await parts.segments.find('dev', 'vip')).toBeDefined();
    await deleteSegment.execute({ workspaceId: 'dev', segment: 'vip-gold' });
    await deleteSegment.execute({ workspaceId: 'dev', segment: 'vip' });
    expect(await parts.segments.list('dev')).toEqual([]);
  });

  it('answers 404 NOT_FOUND for an unknown segment and another workspace’s, which stays with its members', async () => {
    const acme = await parts.define(GOLD, 'acme');
    await parts.ingest(parts.identify('minji', { tier: 'gold' }, { workspaceId: 'acme' }));
    for (const segment of [acme.id, 'gold', 'ghost']) {
      await expect(deleteSegment.execute({ workspaceId: 'dev', segment })).rejects.toMatchObject({ status: 404, code: 'NOT_FOUND' });
    }
    expect(await parts.segments.find('acme', acme.id)).toMatchObject({ key: 'gold' });
    expect(await parts.memberOf('minji', 'acme')).toEqual(['gold']);
  });
});
