import { SegmentsParts } from '../../testing/segments-parts';
import { InstallLifecycleUseCase } from './install-lifecycle.usecase';

describe('InstallLifecycleUseCase', () => {
  let parts: SegmentsParts;
  let installLifecycle: InstallLifecycleUseCase;
  const STAGES = ['prospect', 'new', 'loyal', 'dormant', 'returning'];

  beforeAll(async () => {
    parts = await SegmentsParts.start();
    installLifecycle = new InstallLifecycleUseCase(parts.dataSource, parts.clock);
  });

  afterAll(() => parts?.stop());

  it('creates the five stages, then replaces them with other thresholds; another workspace gets none', async () => {
    const first = await installLifecycle.execute({ workspaceId: 'dev', body: { dormantAfter: '60d' } });
    expect(first.segments.map((s) => [s.key, s.revision, s.backfill])).toEqual(STAGES.map((key) => [key, 1, 'running']));
    expect(first.segments.find((s) => s.key === 'dormant')!.name).toContain('60d');
    await parts.backfilled();

    const again = await installLifecycle.execute({ workspaceId: 'dev', body: { loyalOrders: 4 } });
    expect(again.segments.map((s) => s.id)).toEqual(first.segments.map((s) => s.id));
    expect(again.segments.every((s) => s.revision === 2)).toBe(true);
    expect(again.segments.find((s) => s.key === 'dormant')!.name).toContain('30d');
    expect(again.segments.find((s) => s.key === 'loyal')!.name).toContain('4+');
    expect((await parts.segments.list('dev')).map((s) => s.key).sort()).toEqual([...STAGES].sort());
    expect(await parts.segments.list('acme')).toEqual([]);
  });

  it('puts a customer in exactly one stage once backfilled', async () => {
    await installLifecycle.execute({ workspaceId: 'acme', body: undefined });
    await parts.ingest(
      parts.track('buyer', 'Order Completed', {}, { workspaceId: 'acme' }),
      parts.track('browser', 'Product Viewed', {}, { workspaceId: 'acme' }),
    );
    await parts.backfilled();
    expect(await parts.memberOf('buyer', 'acme')).toEqual(['new']);
    expect(await parts.memberOf('browser', 'acme')).toEqual(['prospect']);
  });

  it('refuses bad thresholds, unknown fields and a body that is not an object with 400 VALIDATION_FAILED naming each', async () => {
    const attempts: Array<[unknown, string[]]> = [
      [{ dormantAfter: 'a month', loyalOrders: 1 }, ['dormantAfter', 'loyalOrders']],
      [{ loyalOrders: 3, tier: 'gold' }, ['tier']],
      [[1], ['']],
    ];
    for (const [body, paths] of attempts) {
      const error = await installLifecycle.execute({ workspaceId: 'dev', body }).catch((e: unknown) => e);
      expect(error).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
      expect((error as { fields: Array<{ path: string }> }).fields.map((f) => f.path)).toEqual(paths);
    }
    expect((await parts.segments.list('dev')).every((s) => s.revision === 2)).toBe(true);
  });
});
