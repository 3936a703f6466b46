import { greeting, JourneysParts, OTHER } from '../../testing/journeys-parts';
import { GetJourneyUseCase } from './get-journey.usecase';

describe('GetJourneyUseCase', () => {
  let parts: JourneysParts;
  let reading: GetJourneyUseCase;

  beforeAll(async () => {
    parts = await JourneysParts.start();
    reading = new GetJourneyUseCase(parts.dataSource);
  });

  afterAll(() => parts?.stop());

  it('answers the journey by id or key with its draft, status and current version', async () => {
    await parts.journey(greeting('welcome', 'Signed Up', 'hello'));
    const saved = await parts.saveJourney.execute({ workspaceId: 'dev', idOrKey: 'welcome', body: greeting('welcome', 'Signed Up', 'hello-again') });
    const byKey = await reading.execute({ workspaceId: 'dev', idOrKey: 'welcome' });
    expect(byKey).toEqual(saved);
    expect(byKey).toMatchObject({
      key: 'welcome',
      status: 'active',
      version: 1,
      definition: { steps: { hi: { template: 'hello-again' } } },
      createdAt: '2026-11-02T00:00:00.000Z',
    });
    expect(await reading.execute({ workspaceId: 'dev', idOrKey: byKey.id })).toEqual(byKey);
  });

  it('answers 404 for another workspace’s journey, an unknown key or an unknown id', async () => {
    const theirs = await parts.draft(greeting('theirs'), OTHER.id);
    await expect(reading.execute({ workspaceId: 'dev', idOrKey: theirs.id })).rejects.toMatchObject({ status: 404, code: 'NOT_FOUND' });
    await expect(reading.execute({ workspaceId: 'dev', idOrKey: 'theirs' })).rejects.toMatchObject({ status: 404 });
    await expect(reading.execute({ workspaceId: 'dev', idOrKey: '00000000-0000-4000-8000-000000000000' })).rejects.toMatchObject({ status: 404 });
  });
});
