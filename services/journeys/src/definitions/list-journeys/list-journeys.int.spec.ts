import { greeting, JourneysParts, OTHER } from '../../testing/journeys-parts';
import { ListJourneysUseCase } from './list-journeys.usecase';

describe('ListJourneysUseCase', () => {
  let parts: JourneysParts;
  let listing: ListJourneysUseCase;

  beforeAll(async () => {
    parts = await JourneysParts.start();
    listing = new ListJourneysUseCase(parts.dataSource);
  });

  afterAll(() => parts?.stop());

  it('answers nothing for a workspace without journeys', async () => {
    expect(await listing.execute({ workspaceId: 'dev' })).toEqual([]);
  });

  it('lists the workspace’s journeys, drafts and published, in key order, and none of another workspace', async () => {
    await parts.draft(greeting('welcome'));
    await parts.journey(greeting('cart'));
    await parts.draft(greeting('birthday'), OTHER.id);
    expect((await listing.execute({ workspaceId: 'dev' })).map((j) => [j.key, j.status, j.version])).toEqual([
      ['cart', 'active', 1],
      ['welcome', 'draft', null],
    ]);
    expect((await listing.execute({ workspaceId: OTHER.id })).map((j) => j.key)).toEqual(['birthday']);
  });
});
