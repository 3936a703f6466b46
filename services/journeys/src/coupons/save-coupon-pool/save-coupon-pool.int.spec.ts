import { JourneysParts, OTHER } from '../../testing/journeys-parts';
import { GetCouponPoolUseCase } from '../get-coupon-pool/get-coupon-pool.usecase';
import { SaveCouponPoolUseCase } from './save-coupon-pool.usecase';

describe('SaveCouponPoolUseCase', () => {
  let parts: JourneysParts;
  let save: SaveCouponPoolUseCase;
  let reading: GetCouponPoolUseCase;

  beforeAll(async () => {
    parts = await JourneysParts.start();
    save = parts.saveCouponPool;
    reading = new GetCouponPoolUseCase(parts.dataSource);
  });

  afterAll(() => parts?.stop());

  it('creates a generated pool and changes it in place', async () => {
    expect(await save.execute({ workspaceId: 'dev', key: 'wb', body: { mode: 'generated', prefix: 'WB-', length: 8 } })).toEqual({
      key: 'wb',
      mode: 'generated',
      prefix: 'WB-',
      length: 8,
      available: null,
      assigned: 0,
    });
    expect(await save.execute({ workspaceId: 'dev', key: 'wb', body: { mode: 'generated' } })).toMatchObject({ prefix: '', length: 10 });
    expect(await reading.execute({ workspaceId: 'dev', key: 'wb' })).toMatchObject({ prefix: '', length: 10 });
  });

  it('adds a list pool’s codes to those it has, each code once; another workspace’s pool of the same key keeps its own', async () => {
    expect(await save.execute({ workspaceId: 'dev', key: 'secret', body: { mode: 'list', codes: ['S-1', 'S-2', 'S-2'] } })).toMatchObject({
      mode: 'list',
      available: 2,
      assigned: 0,
    });
    expect(await save.execute({ workspaceId: 'dev', key: 'secret', body: { mode: 'list', codes: ['S-2', 'S-3'] } })).toMatchObject({ available: 3 });
    expect(await save.execute({ workspaceId: OTHER.id, key: 'secret', body: { mode: 'list', codes: ['S-1'] } })).toMatchObject({ available: 1 });
    expect(await reading.execute({ workspaceId: 'dev', key: 'secret' })).toMatchObject({ available: 3 });
  });

  it('answers 400 VALIDATION_FAILED naming each field at fault, and stores nothing', async () => {
    const bad = save.execute({ workspaceId: 'dev', key: 'bad key', body: { mode: 'generated', length: 4, codes: ['X'], colour: 'red' } });
    await expect(bad).rejects.toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
    const fields = await bad.catch((e: { fields: Array<{ path: string }> }) => e.fields.map((f) => f.path).sort());
    expect(fields).toEqual(['codes', 'colour', 'key', 'length']);
    await expect(save.execute({ workspaceId: 'dev', key: 'nomode', body: {} })).rejects.toMatchObject({ fields: [expect.objectContaining({ path: 'mode' })] });
    await expect(reading.execute({ workspaceId: 'dev', key: 'nomode' })).rejects.toMatchObject({ status: 404 });
  });
});
