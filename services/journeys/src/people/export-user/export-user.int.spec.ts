import { BehaviourEvent } from '@cairn/contracts';
import { greeting, JourneysParts, MINUTE, OTHER, sendStep } from '../../testing/journeys-parts';
import { ExportUserUseCase } from './export-user.usecase';

const restock = {
  key: 'restock',
  name: 'Restock notice',
  entry: { catalogEvent: 'Product Restocked', audience: { event: 'Product Added', matchItem: 'productId', within: '30d' } },
  start: 'notify',
  steps: { notify: sendStep('restock-notice') },
};

describe('ExportUserUseCase', () => {
  let parts: JourneysParts;
  let exporting: ExportUserUseCase;

  beforeAll(async () => {
    parts = await JourneysParts.start();
    exporting = new ExportUserUseCase(parts.dataSource);
    await parts.journey(restock);
    await parts.journey(greeting('welcome'));
    await parts.journey(greeting('welcome'), OTHER.id);
  });

  afterAll(() => parts?.stop());

  it('exports an unknown person empty', async () => {
    expect(await exporting.execute({ workspaceId: 'dev', userId: 'nobody' })).toEqual({
      service: 'journeys',
      userId: 'nobody',
      ids: ['nobody'],
      traits: {},
      segments: [],
      runs: [],
      itemInterest: [],
      catalogNotices: [],
      identities: [],
    });
  });

  it('exports everything the workspace holds about the person under any of their ids, and nothing of another workspace', async () => {
    const anonymous: BehaviourEvent = { ...parts.track('x', 'Product Added', { productId: 'P-1' }), userId: undefined, anonymousId: 'anon-1' };
    await parts.events([anonymous]);
    parts.clock.advance(MINUTE);
    const linkedAt = parts.clock.now().toISOString();
    await parts.events([{ ...parts.identify('minji', { name: '민지' }), anonymousId: 'anon-1' }, parts.track('minji', 'Signed Up')]);
    await parts.memberships([parts.membership('minji', 'vip', 'entered', 1)]);
    parts.clock.advance(MINUTE);
    await parts.handleCatalog.execute({ events: [parts.catalogEvent('Product Restocked', 'P-1')] });
    await parts.events([parts.identify('minji', { name: 'Theirs' }, OTHER.id), parts.track('minji', 'Signed Up', {}, { workspaceId: OTHER.id })]);

    const exported = await exporting.execute({ workspaceId: 'dev', userId: 'anon-1' });
    expect(exported).toMatchObject({
      service: 'journeys',
      userId: 'minji',
      traits: { name: '민지' },
      segments: ['vip'],
      itemInterest: [expect.objectContaining({ itemId: 'P-1' })],
      catalogNotices: [expect.objectContaining({ journey: 'restock', itemId: 'P-1' })],
      identities: [{ id: 'anon-1', linkedAt }],
    });
    expect([...exported.ids].sort()).toEqual(['anon-1', 'minji']);
    expect(exported.runs.map((r) => [r.journey, r.userId, r.status, (r.sends as unknown[]).length])).toEqual([
      ['welcome', 'minji', 'completed', 1],
      ['restock', 'minji', 'completed', 1],
    ]);
    expect(await exporting.execute({ workspaceId: 'dev', userId: 'minji' })).toEqual(exported);

    const theirs = await exporting.execute({ workspaceId: OTHER.id, userId: 'minji' });
    expect(theirs).toMatchObject({ ids: ['minji'], traits: { name: 'Theirs' }, segments: [], itemInterest: [], catalogNotices: [], identities: [] });
    expect(theirs.runs).toHaveLength(1);
  });
});
