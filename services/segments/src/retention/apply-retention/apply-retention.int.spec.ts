import { DEFAULT_DATA_RIGHTS, devWorkspace } from '@cairn/config';
import { QueryAudienceUseCase } from '../../audiences/query-audience/query-audience.usecase';
import { acmeWorkspace, DAY, SegmentsParts } from '../../testing/segments-parts';
import { ProcessDueTimersUseCase } from '../../timers/process-due-timers/process-due-timers.usecase';
import { ApplyRetentionUseCase } from './apply-retention.usecase';

describe('ApplyRetentionUseCase', () => {
  let parts: SegmentsParts;
  let applyRetention: ApplyRetentionUseCase;
  const VIEWED_TWICE = {
    key: 'viewed-twice',
    name: 'Viewed P-100 twice',
    condition: { event: 'Product Viewed', where: { productId: 'P-100' }, count: { min: 2 } },
  };
  const view = (userId: string, at: number, workspaceId = 'dev') => parts.track(userId, 'Product Viewed', { productId: 'P-100' }, { at, workspaceId });
  const audience = (workspaceId: string) =>
    new QueryAudienceUseCase(parts.dataSource, parts.clock).execute({
      workspaceId,
      event: 'Product Viewed',
      where: { productId: 'P-100' },
      withinMs: 500 * DAY,
      limit: 10,
    });

  beforeAll(async () => {
    // The dev workspace keeps raw history a year; acme keeps it forever (the default).
    const dev = { ...devWorkspace(), dataRights: { ...DEFAULT_DATA_RIGHTS, retention: { renderedContentMs: 90 * DAY, historyMs: 365 * DAY } } };
    parts = await SegmentsParts.start({ workspaces: [dev, acmeWorkspace()] });
    applyRetention = new ApplyRetentionUseCase(parts.dataSource, parts.clock, parts.config, parts.logger);
    await parts.define(VIEWED_TWICE);
    await parts.define(VIEWED_TWICE, 'acme');
    const now = parts.clock.now().getTime();
    await parts.ingest(view('keeper', now - 366 * DAY), view('keeper', now), parts.identify('keeper', { plan: 'pro' }));
    await parts.ingest(view('lapsed', now - 400 * DAY));
    await parts.ingest(view('keeper', now - 366 * DAY, 'acme'), view('keeper', now, 'acme'), view('lapsed', now - 400 * DAY, 'acme'));
  });

  afterAll(() => parts?.stop());

  it('removes stored occurrences older than the history period, keeps totals and traits, and leaves a workspace keeping history forever alone', async () => {
    expect(await applyRetention.execute()).toBe(false); // one page was the whole sweep
    const kept = await parts.users.readState('dev', 'keeper');
    expect(kept!.events.map((e) => e.at)).toEqual([parts.clock.now().getTime()]);
    expect(kept!.totals['Product Viewed'].count).toBe(2);
    expect(kept!.traits).toEqual({ plan: 'pro' });
    expect((await parts.users.readState('dev', 'lapsed'))!.events).toEqual([]);
    expect((await parts.users.readState('acme', 'keeper'))!.events).toHaveLength(2);
    expect((await audience('dev')).users.map((u) => u.userId)).toEqual(['keeper']);
    expect((await audience('acme')).users.map((u) => u.userId)).toEqual(['keeper', 'lapsed']);
  });

  it('makes the pruned users’ re-evaluation due now, which publishes the exits the pruning causes', async () => {
    expect(await parts.memberOf('keeper')).toEqual(['viewed-twice']);
    const timers = new ProcessDueTimersUseCase(parts.dataSource, parts.config, parts.clock, parts.logger, parts.outbox, parts.catalog);
    expect(await timers.execute({ limit: 10 })).toBe(2);
    expect(await parts.changesOf('keeper', 'viewed-twice')).toEqual([
      expect.objectContaining({ change: 'entered', cause: 'event' }),
      expect.objectContaining({ change: 'exited', cause: 'time' }),
    ]);
    expect(await parts.memberOf('keeper', 'acme')).toEqual(['viewed-twice']);
    expect(await parts.changesOf('keeper', 'viewed-twice', 'acme')).toHaveLength(1);
  });
});
