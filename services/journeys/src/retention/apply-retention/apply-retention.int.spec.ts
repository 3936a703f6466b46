import { DAY, greeting, JourneysParts, OTHER, sendStep } from '../../testing/journeys-parts';
import { ExportUserUseCase } from '../../people/export-user/export-user.usecase';
import { ApplyRetentionUseCase } from './apply-retention.usecase';

const restock = {
  key: 'restock',
  name: 'Restock notice',
  entry: { catalogEvent: 'Product Restocked', audience: { event: 'Product Added', matchItem: 'productId', within: '30d' } },
  start: 'notify',
  steps: { notify: sendStep('restock-notice') },
};
const hold = { key: 'hold', name: 'hold', entry: { event: 'Started' }, start: 'wait', steps: { wait: { type: 'wait', duration: '1h', next: null } } };
const goal = { ...greeting('offer', 'Offered'), goal: { event: 'Order Completed', within: '60d' } };

describe('ApplyRetentionUseCase', () => {
  let parts: JourneysParts;
  let retention: ApplyRetentionUseCase;
  let exporting: ExportUserUseCase;

  beforeAll(async () => {
    // The dev workspace keeps history 30 days; the other keeps it for ever (the default).
    parts = await JourneysParts.start({
      workspaces: (all) =>
        all.map((w) => (w.id === 'dev' ? { ...w, dataRights: { suppressErasedIds: false, retention: { renderedContentMs: null, historyMs: 30 * DAY } } } : w)),
    });
    retention = new ApplyRetentionUseCase(parts.dataSource, parts.clock, parts.config, parts.logger);
    exporting = new ExportUserUseCase(parts.dataSource);
    for (const body of [greeting('welcome'), restock, hold, goal]) await parts.journey(body);
    await parts.journey(greeting('welcome'), OTHER.id);
  });

  afterAll(() => parts?.stop());

  it('removes the runs that ended before the cutoff with the old item interest; open runs, open goal windows and other workspaces stay', async () => {
    await parts.events([
      parts.track('old', 'Signed Up'),
      parts.track('old', 'Product Added', { productId: 'P-1' }),
      parts.track('waiting', 'Started'),
      parts.track('goal-open', 'Offered'),
      parts.track('old', 'Signed Up', {}, { workspaceId: OTHER.id }),
    ]);
    expect((await exporting.execute({ workspaceId: 'dev', userId: 'old' })).itemInterest).toHaveLength(1);
    parts.clock.advance(31 * DAY);
    await parts.events([parts.track('recent', 'Signed Up')]);

    expect(await retention.execute()).toBe(false);

    expect(await exporting.execute({ workspaceId: 'dev', userId: 'old' })).toMatchObject({ runs: [], itemInterest: [] });
    expect((await parts.runs('waiting')).map((r) => r.status)).toEqual(['active']);
    expect((await parts.runs('goal-open')).map((r) => r.status)).toEqual(['completed']);
    expect((await parts.runs('recent')).length).toBe(1);
    expect((await parts.runs('old', OTHER.id)).length).toBe(1);
  });

  it('removes a run once its goal window has closed too', async () => {
    parts.clock.advance(30 * DAY);
    await retention.execute();
    expect(await parts.runs('goal-open')).toEqual([]);
    expect((await parts.runs('waiting')).length).toBe(1);
    expect((await parts.runs('old', OTHER.id)).length).toBe(1);
  });
});
