import { delayed, greeting, JourneysParts, OTHER, sendStep } from '../../testing/journeys-parts';
import { GetCouponPoolUseCase } from '../../coupons/get-coupon-pool/get-coupon-pool.usecase';
import { TestSendUseCase } from './test-send.usecase';

const coupon = { ...greeting('coupon', 'Signed Up'), steps: { hi: sendStep('coupon-note', { coupon: { pool: 'wb' } }) } };

describe('TestSendUseCase', () => {
  let parts: JourneysParts;
  let testSend: TestSendUseCase;

  beforeAll(async () => {
    parts = await JourneysParts.start();
    testSend = new TestSendUseCase(parts.dataSource, parts.clock, parts.outbox);
    await parts.couponPool('wb', 'WB-');
    await parts.draft(coupon);
  });

  afterAll(() => parts?.stop());

  it('queues a test request of the draft’s step with the user’s known traits, the body’s entry and traits and a sample coupon; each call anew', async () => {
    await parts.events([parts.identify('me', { name: '민지', tier: 'gold' })]);
    const body = { step: 'hi', userId: 'me', entry: { properties: { item: '린넨 셔츠' } }, traits: { tier: 'vip' } };
    const sent = await testSend.execute({ workspaceId: 'dev', idOrKey: 'coupon', body });
    expect(sent).toEqual({
      idempotencyKey: expect.stringMatching(/^test:/),
      userId: 'me',
      journey: 'coupon',
      version: 1,
      step: 'hi',
      channel: 'kakao',
      template: 'coupon-note',
    });
    const again = await testSend.execute({ workspaceId: 'dev', idOrKey: 'coupon', body });
    expect(again.idempotencyKey).not.toBe(sent.idempotencyKey);

    const requests = await parts.requests('dev');
    expect(requests.map((r) => r.idempotencyKey)).toEqual([sent.idempotencyKey, again.idempotencyKey]);
    expect(requests[0]).toMatchObject({
      test: true,
      userId: 'me',
      template: 'coupon-note',
      category: 'promotional',
      journey: { key: 'coupon', version: 1, runId: 'test', step: 'hi' },
      context: {
        user: { name: '민지', tier: 'vip' },
        entry: { kind: 'test', properties: { item: '린넨 셔츠' }, at: parts.clock.now().getTime() },
        coupon: { pool: 'wb', code: 'WB-TEST' },
      },
    });
    // No code is given out and no run is started.
    expect(await new GetCouponPoolUseCase(parts.dataSource).execute({ workspaceId: 'dev', key: 'wb' })).toMatchObject({ assigned: 0 });
    expect(await parts.runs('me')).toEqual([]);
  });

  it('sends a published version’s step when asked', async () => {
    await parts.journey(delayed('cart', 'Product Added', '1h', 'remind-v1'));
    await parts.saveJourney.execute({ workspaceId: 'dev', idOrKey: 'cart', body: delayed('cart', 'Product Added', '1h', 'remind-v2') });
    expect(await testSend.execute({ workspaceId: 'dev', idOrKey: 'cart', body: { step: 'hi', userId: 'me', version: 'current' } })).toMatchObject({
      version: 1,
      template: 'remind-v1',
    });
    expect(await testSend.execute({ workspaceId: 'dev', idOrKey: 'cart', body: { step: 'hi', userId: 'me' } })).toMatchObject({
      version: 2,
      template: 'remind-v2',
    });
  });

  it('answers 400 VALIDATION_FAILED naming the field, and 404 for another workspace’s journey or an unknown version; nothing is queued', async () => {
    const queued = (await parts.requests()).length;
    const fields = (body: unknown) =>
      testSend
        .execute({ workspaceId: 'dev', idOrKey: 'cart', body })
        .catch((e: { status: number; code: string; fields: Array<{ path: string }> }) => [e.status, e.code, e.fields.map((f) => f.path).join(',')]);
    expect(await fields({ step: 'hold', userId: 'me' })).toEqual([400, 'VALIDATION_FAILED', 'step']);
    expect(await fields({ step: 'hi', entry: 'x', colour: 'red' })).toEqual([400, 'VALIDATION_FAILED', 'colour,userId,entry']);
    expect(await fields({ step: 'hi', userId: 'me', version: { v: 1 } })).toEqual([400, 'VALIDATION_FAILED', 'version']);
    await expect(testSend.execute({ workspaceId: 'dev', idOrKey: 'cart', body: { step: 'hi', userId: 'me', version: 9 } })).rejects.toMatchObject({
      status: 404,
      code: 'NOT_FOUND',
    });
    await parts.draft(greeting('theirs'), OTHER.id);
    await expect(testSend.execute({ workspaceId: 'dev', idOrKey: 'theirs', body: { step: 'hi', userId: 'me' } })).rejects.toMatchObject({ status: 404 });
    expect((await parts.requests()).length).toBe(queued);
  });
});
