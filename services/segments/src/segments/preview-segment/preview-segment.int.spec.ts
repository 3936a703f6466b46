import { SegmentsParts } from '../../testing/segments-parts';
import { PreviewSegmentUseCase } from './preview-segment.usecase';

describe('PreviewSegmentUseCase', () => {
  let parts: SegmentsParts;
  let previewSegment: PreviewSegmentUseCase;
  const VIEWED = { condition: { event: 'Product Viewed', count: { min: 1 } } };

  beforeAll(async () => {
    parts = await SegmentsParts.start();
    previewSegment = new PreviewSegmentUseCase(parts.dataSource, parts.clock);
    await parts.ingest(
      ...['d', 'b', 'a', 'c'].map((u) => parts.track(u, 'Product Viewed')),
      parts.track('idle', 'Signed In'),
      parts.track('acme-user', 'Product Viewed', {}, { workspaceId: 'acme' }),
    );
  });

  afterAll(() => parts?.stop());

  it('counts who would be in the segment now, with a sample in user id order, and saves nothing', async () => {
    expect(await previewSegment.execute({ workspaceId: 'dev', body: VIEWED, sampleSize: 3, maxUsers: 100 })).toEqual({
      count: 4,
      evaluated: 5,
      truncated: false,
      sample: ['a', 'b', 'c'],
    });
    expect(await parts.segments.list('dev')).toEqual([]);
    expect(await parts.memberOf('a')).toEqual([]);
  });

  it('stops after maxUsers users and says it was truncated', async () => {
    expect(await previewSegment.execute({ workspaceId: 'dev', body: VIEWED, sampleSize: 10, maxUsers: 2 })).toEqual({
      count: 2,
      evaluated: 2,
      truncated: true,
      sample: ['a', 'b'],
    });
    expect(await previewSegment.execute({ workspaceId: 'dev', body: VIEWED, sampleSize: 10, maxUsers: 5 })).toMatchObject({ evaluated: 5, truncated: false });
  });

  it('evaluates only the workspace’s users and segments', async () => {
    expect(await previewSegment.execute({ workspaceId: 'acme', body: VIEWED, sampleSize: 10, maxUsers: 100 })).toEqual({
      count: 1,
      evaluated: 1,
      truncated: false,
      sample: ['acme-user'],
    });
    await parts.define({ key: 'acme-viewers', name: 'Viewers', ...VIEWED }, 'acme');
    const error = await previewSegment
      .execute({ workspaceId: 'dev', body: { condition: { segment: 'acme-viewers' } }, sampleSize: 10, maxUsers: 100 })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 400, code: 'VALIDATION_FAILED', fields: [{ path: 'condition.segment' }] });
    expect(
      await previewSegment.execute({ workspaceId: 'acme', body: { condition: { segment: 'acme-viewers' } }, sampleSize: 10, maxUsers: 100 }),
    ).toMatchObject({
      count: 1,
    });
  });

  it('refuses an invalid condition with 400 VALIDATION_FAILED naming the path', async () => {
    const error = await previewSegment
      .execute({ workspaceId: 'dev', body: { condition: { event: 'X', within: 'week' } }, sampleSize: 10, maxUsers: 100 })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 400, code: 'VALIDATION_FAILED', fields: [{ path: 'condition.within' }] });
  });
});
