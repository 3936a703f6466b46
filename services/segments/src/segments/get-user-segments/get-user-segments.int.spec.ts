import { DAY, FLAGSHIP, SegmentsParts } from '../../testing/segments-parts';
import { GetUserSegmentsUseCase } from './get-user-segments.usecase';

describe('GetUserSegmentsUseCase', () => {
  let parts: SegmentsParts;
  let getUserSegments: GetUserSegmentsUseCase;
  const GOLD = { key: 'gold', name: 'Gold', condition: { trait: 'tier', op: 'eq', value: 'gold' } };
  const views = (userId: string, n: number, workspaceId = 'dev') =>
    Array.from({ length: n }, () => parts.track(userId, 'Product Viewed', { productId: 'P-100' }, { workspaceId }));

  beforeAll(async () => {
    parts = await SegmentsParts.start();
    getUserSegments = new GetUserSegmentsUseCase(parts.dataSource, parts.clock);
    await parts.define(FLAGSHIP);
    await parts.define(GOLD);
    await parts.define(FLAGSHIP, 'acme');
    await parts.ingest(...views('hot', 3), ...views('cold', 1), ...views('cold', 3, 'acme'));
  });

  afterAll(() => parts?.stop());

  it('answers the segments the user is a member of, with when they entered', async () => {
    const segment = await parts.segments.find('dev', FLAGSHIP.key);
    expect(await getUserSegments.execute({ workspaceId: 'dev', userId: 'hot', explain: false })).toEqual({
      userId: 'hot',
      segments: [{ id: segment!.id, key: FLAGSHIP.key, name: FLAGSHIP.name, member: true, enteredAt: '2026-11-02T10:00:00.000Z' }],
    });
  });

  it('with explain, answers every segment of the workspace with why the user is in or out now', async () => {
    const now = parts.clock.now().getTime();
    const { segments } = await getUserSegments.execute({ workspaceId: 'dev', userId: 'hot', explain: true });
    expect(segments.map((s) => [s.key, s.member])).toEqual([
      [FLAGSHIP.key, true],
      ['gold', false],
    ]);
    expect(segments[0].explanation).toMatchObject({ type: 'all', value: true, nextChangeAt: now + 7 * DAY });
    expect(segments[0].explanation).toMatchObject({ children: [{ type: 'event', value: true, countInWindow: 3, lastOccurredAt: now }, { type: 'not' }] });
    expect(segments[1]).toMatchObject({ member: false, explanation: { value: false } });
    expect(segments[1]).not.toHaveProperty('enteredAt');
  });

  it('keeps to the workspace: the same user id in another workspace is another person', async () => {
    expect((await getUserSegments.execute({ workspaceId: 'dev', userId: 'cold', explain: false })).segments).toEqual([]);
    const explained = await getUserSegments.execute({ workspaceId: 'dev', userId: 'cold', explain: true });
    expect(explained.segments[0]).toMatchObject({ key: FLAGSHIP.key, member: false, explanation: { children: [{ countInWindow: 1 }, {}] } });
    const acme = await getUserSegments.execute({ workspaceId: 'acme', userId: 'cold', explain: true });
    expect(acme.segments.map((s) => [s.key, s.member])).toEqual([[FLAGSHIP.key, true]]);
    expect(await getUserSegments.execute({ workspaceId: 'dev', userId: 'nobody', explain: false })).toEqual({ userId: 'nobody', segments: [] });
  });
});
