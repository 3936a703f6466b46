import { greeting, JourneysParts, OTHER, sendStep } from '../../testing/journeys-parts';
import { GetCouponPoolUseCase } from './get-coupon-pool.usecase';

describe('GetCouponPoolUseCase', () => {
  let parts: JourneysParts;
  let reading: GetCouponPoolUseCase;

  beforeAll(async () => {
    parts = await JourneysParts.start();
    reading = new GetCouponPoolUseCase(parts.dataSource);
  });

  afterAll(() => parts?.stop());

  it('answers the pool with its available and assigned counts as runs take codes', async () => {
    await parts.saveCouponPool.execute({ workspaceId: 'dev', key: 'secret', body: { mode: 'list', codes: ['S-1', 'S-2', 'S-3'] } });
    expect(await reading.execute({ workspaceId: 'dev', key: 'secret' })).toEqual({
      key: 'secret',
      mode: 'list',
      prefix: '',
      length: 10,
      available: 3,
      assigned: 0,
    });
    await parts.journey({ ...greeting('secret'), steps: { hi: sendStep('secret', { coupon: { pool: 'secret' } }) } });
    await parts.events([parts.track('minji', 'Signed Up'), parts.track('jiwoo', 'Signed Up')]);
    expect(await reading.execute({ workspaceId: 'dev', key: 'secret' })).toMatchObject({ available: 1, assigned: 2 });
    const coupons = (await parts.requests()).map((r) => r.context.coupon as { code: string });
    expect(coupons.sort((a, b) => a.code.localeCompare(b.code))).toEqual([
      { pool: 'secret', code: 'S-1' },
      { pool: 'secret', code: 'S-2' },
    ]);
  });

  it('answers 404 for an unknown pool or another workspace’s', async () => {
    await parts.couponPool('theirs', 'T-', OTHER.id);
    await expect(reading.execute({ workspaceId: 'dev', key: 'theirs' })).rejects.toMatchObject({ status: 404, code: 'NOT_FOUND' });
    await expect(reading.execute({ workspaceId: OTHER.id, key: 'secret' })).rejects.toMatchObject({ status: 404 });
    expect(await reading.execute({ workspaceId: OTHER.id, key: 'theirs' })).toMatchObject({ mode: 'generated', prefix: 'T-', available: null, assigned: 0 });
  });
});
