import { SegmentsParts } from '../../testing/segments-parts';
import { UpdateSegmentUseCase } from './update-segment.usecase';

describe('UpdateSegmentUseCase', () => {
  let parts: SegmentsParts;
  let updateSegment: UpdateSegmentUseCase;
  const VIEWERS = { key: 'viewers', name: 'Viewers', condition: { event: 'Product Viewed', count: { min: 1 } } };
  const fieldsOf = (e: unknown) => (e as { fields: Array<{ path: string }> }).fields.map((f) => f.path);

  beforeAll(async () => {
    parts = await SegmentsParts.start();
    updateSegment = new UpdateSegmentUseCase(parts.dataSource, parts.clock);
  });

  afterAll(() => parts?.stop());

  it('replaces the definition, bumps its revision and restarts its backfill, which publishes the exits the edit causes', async () => {
    await parts.define(VIEWERS);
    await parts.ingest(parts.track('once', 'Product Viewed'), parts.track('twice', 'Product Viewed'), parts.track('twice', 'Product Viewed'));
    parts.clock.advance(60_000);
    const replaced = await updateSegment.execute({
      workspaceId: 'dev',
      segment: 'viewers',
      body: { ...VIEWERS, name: 'Keen viewers', condition: { event: 'Product Viewed', count: { min: 2 } } },
    });
    expect(replaced).toMatchObject({ key: 'viewers', name: 'Keen viewers', revision: 2, backfill: 'running', updatedAt: '2026-11-02T10:01:00.000Z' });
    expect(replaced.createdAt).toBe('2026-11-02T10:00:00.000Z');
    await parts.backfilled();
    expect((await parts.changesOf('once', 'viewers')).map((c) => `${c.change}:${c.cause}`)).toEqual(['entered:event', 'exited:backfill']);
    expect((await parts.changesOf('twice', 'viewers')).map((c) => `${c.change}:${c.cause}`)).toEqual(['entered:event']);
  });

  it('refuses a key change, a reference cycle and an invalid condition with 400 VALIDATION_FAILED naming the path', async () => {
    await parts.define({ key: 'gold', name: 'Gold', condition: { trait: 'tier', op: 'eq', value: 'gold' } });
    await parts.define({ key: 'gold-viewers', name: 'Gold viewers', condition: { all: [{ segment: 'gold' }, { segment: 'viewers' }] } });
    const attempts = [
      { body: { key: 'platinum', name: 'x', condition: { trait: 'tier', op: 'exists' } }, path: 'key' },
      { body: { key: 'gold', name: 'x', condition: { segment: 'gold-viewers' } }, path: 'condition' },
      { body: { key: 'gold', name: 'x', condition: { event: 'X', within: 'week' } }, path: 'condition.within' },
    ];
    for (const { body, path } of attempts) {
      const error = await updateSegment.execute({ workspaceId: 'dev', segment: 'gold', body }).catch((e: unknown) => e);
      expect(error).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
      expect(fieldsOf(error)).toEqual([path]);
    }
    expect(await parts.segments.find('dev', 'gold')).toMatchObject({ name: 'Gold', revision: 1 });
  });

  it('answers 404 NOT_FOUND for an unknown segment and another workspace’s, which stays as it was', async () => {
    const acme = await parts.define(VIEWERS, 'acme');
    for (const segment of [acme.id, 'ghost']) {
      await expect(updateSegment.execute({ workspaceId: 'dev', segment, body: VIEWERS })).rejects.toMatchObject({ status: 404, code: 'NOT_FOUND' });
    }
    expect(await parts.segments.find('acme', acme.id)).toMatchObject({ name: 'Viewers', revision: 1 });
  });
});
