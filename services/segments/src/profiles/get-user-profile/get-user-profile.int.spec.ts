import { SegmentsParts } from '../../testing/segments-parts';
import { GetUserProfileUseCase, PROFILE_EVENTS } from './get-user-profile.usecase';

describe('GetUserProfileUseCase', () => {
  let parts: SegmentsParts;
  let getUserProfile: GetUserProfileUseCase;

  beforeAll(async () => {
    parts = await SegmentsParts.start();
    getUserProfile = new GetUserProfileUseCase(parts.dataSource);
    await parts.ingest(parts.anonymous(parts.track('anon-1', 'Product Viewed', { productId: 'P-1' })));
    parts.clock.advance(60_000);
    await parts.ingest(parts.identify('u-1', { plan: 'pro', name: '민지' }, { anonymousId: 'anon-1' }));
    parts.clock.advance(60_000);
    await parts.ingest(parts.track('u-1', 'Product Viewed', { productId: 'P-100' }), parts.alias('old-id', 'u-1'));
  });

  afterAll(() => parts?.stop());

  it('answers the person’s traits, merged identities, event totals and newest events first', async () => {
    expect(await getUserProfile.execute({ workspaceId: 'dev', userId: 'u-1' })).toEqual({
      userId: 'u-1',
      traits: { plan: 'pro', name: '민지' },
      identities: [
        { id: 'anon-1', kind: 'anonymous', linkedAt: '2026-11-02T10:01:00.000Z' },
        { id: 'old-id', kind: 'alias', linkedAt: '2026-11-02T10:02:00.000Z' },
      ],
      totals: { 'Product Viewed': { count: 2, firstAt: '2026-11-02T10:00:00.000Z', lastAt: '2026-11-02T10:02:00.000Z' } },
      events: [
        { name: 'Product Viewed', at: '2026-11-02T10:02:00.000Z', properties: { productId: 'P-100' } },
        { name: 'Product Viewed', at: '2026-11-02T10:00:00.000Z', properties: { productId: 'P-1' } },
      ],
      updatedAt: '2026-11-02T10:02:00.000Z',
    });
  });

  it(`answers at most the ${PROFILE_EVENTS} newest events`, async () => {
    const start = parts.clock.now().getTime();
    await parts.ingest(...Array.from({ length: PROFILE_EVENTS + 5 }, (_, i) => parts.track('busy', 'Page Read', { n: i }, { at: start + i })));
    const profile = await getUserProfile.execute({ workspaceId: 'dev', userId: 'busy' });
    expect(profile.events).toHaveLength(PROFILE_EVENTS);
    expect(profile.events[0].properties).toEqual({ n: PROFILE_EVENTS + 4 });
    expect(profile.totals['Page Read'].count).toBe(PROFILE_EVENTS + 5);
  });

  it('answers 404 NOT_FOUND for an unknown id, an id merged into another user (naming it) and another workspace’s user', async () => {
    await expect(getUserProfile.execute({ workspaceId: 'dev', userId: 'nobody' })).rejects.toMatchObject({ status: 404, code: 'NOT_FOUND' });
    await expect(getUserProfile.execute({ workspaceId: 'dev', userId: 'anon-1' })).rejects.toMatchObject({
      status: 404,
      code: 'NOT_FOUND',
      message: expect.stringContaining('merged into "u-1"'),
    });
    await expect(getUserProfile.execute({ workspaceId: 'acme', userId: 'u-1' })).rejects.toMatchObject({ status: 404, code: 'NOT_FOUND' });
  });
});
