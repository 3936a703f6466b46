import { delayed, greeting, JourneysParts, MINUTE, OTHER } from '../../testing/journeys-parts';
import { ListUserJourneysUseCase } from './list-user-journeys.usecase';

describe('ListUserJourneysUseCase', () => {
  let parts: JourneysParts;
  let listing: ListUserJourneysUseCase;

  beforeAll(async () => {
    parts = await JourneysParts.start();
    listing = new ListUserJourneysUseCase(parts.dataSource);
  });

  afterAll(() => parts?.stop());

  it('answers nothing for a user without runs', async () => {
    expect(await listing.execute({ workspaceId: 'dev', userId: 'nobody' })).toEqual([]);
  });

  it('lists the user’s runs newest first with journey, version, episode, step, status, group and times', async () => {
    const welcome = await parts.journey(greeting('welcome'));
    const cart = await parts.journey(delayed('cart', 'Product Added', '1h'));
    await parts.events([parts.track('minji', 'Signed Up')]);
    const first = parts.clock.now().toISOString();
    parts.clock.advance(MINUTE);
    await parts.events([parts.track('minji', 'Product Added')]);
    const runs = await listing.execute({ workspaceId: 'dev', userId: 'minji' });
    expect(runs).toEqual([
      {
        runId: expect.any(String),
        journey: { id: cart.id, key: 'cart', version: 1 },
        episode: 1,
        status: 'active',
        step: 'hold',
        group: 'treatment',
        converted: false,
        exitReason: null,
        enteredAt: parts.clock.now().toISOString(),
        endedAt: null,
      },
      expect.objectContaining({ journey: { id: welcome.id, key: 'welcome', version: 1 }, status: 'completed', enteredAt: first, endedAt: first }),
    ]);
  });

  it('answers only the workspace’s runs of the user', async () => {
    await parts.journey(greeting('welcome'), OTHER.id);
    await parts.events([parts.track('jiwoo', 'Signed Up', {}, { workspaceId: OTHER.id })]);
    expect(await listing.execute({ workspaceId: 'dev', userId: 'jiwoo' })).toEqual([]);
    expect((await listing.execute({ workspaceId: OTHER.id, userId: 'jiwoo' })).map((r) => r.journey.key)).toEqual(['welcome']);
    expect((await listing.execute({ workspaceId: OTHER.id, userId: 'minji' })).length).toBe(0);
  });
});
