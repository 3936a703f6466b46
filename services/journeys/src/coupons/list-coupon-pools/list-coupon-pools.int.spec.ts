import { greeting, JourneysParts, OTHER, sendStep } from '../../testing/journeys-parts';
import { ListCouponPoolsUseCase } from './list-coupon-pools.usecase';

describe('ListCouponPoolsUseCase', () => {
  let parts: JourneysParts;
  let listing: ListCouponPoolsUseCase;

  beforeAll(async () => {
    parts = await JourneysParts.start();
    listing = new ListCouponPoolsUseCase(parts.dataSource);
  });

  afterAll(() => parts?.stop());

  it('answers no pools for a workspace without any', async () => {
    expect(await listing.execute({ workspaceId: 'dev' })).toEqual({ couponPools: [] });
  });

  it('lists the workspace’s pools in key order with their counts, never their codes, and none of another workspace', async () => {
    await parts.saveCouponPool.execute({ workspaceId: 'dev', key: 'secret', body: { mode: 'list', codes: ['S-1', 'S-2'] } });
    await parts.couponPool('welcome-back', 'WB-');
    await parts.couponPool('birthday', 'B-', OTHER.id);
    await parts.journey({ ...greeting('wb'), steps: { hi: sendStep('wb', { coupon: { pool: 'welcome-back' } }) } });
    await parts.events([parts.track('minji', 'Signed Up')]);

    expect(await listing.execute({ workspaceId: 'dev' })).toEqual({
      couponPools: [
        { key: 'secret', mode: 'list', prefix: '', length: 10, available: 2, assigned: 0 },
        { key: 'welcome-back', mode: 'generated', prefix: 'WB-', length: 8, available: null, assigned: 1 },
      ],
    });
    expect((await listing.execute({ workspaceId: OTHER.id })).couponPools.map((p) => p.key)).toEqual(['birthday']);
  });
});
