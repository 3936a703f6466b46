import { greeting, JourneysParts, MINUTE, OTHER } from '../../testing/journeys-parts';
import { ListVersionsUseCase } from './list-versions.usecase';

describe('ListVersionsUseCase', () => {
  let parts: JourneysParts;
  let versions: ListVersionsUseCase;

  beforeAll(async () => {
    parts = await JourneysParts.start();
    versions = new ListVersionsUseCase(parts.dataSource);
  });

  afterAll(() => parts?.stop());

  it('answers a draft without versions', async () => {
    const draft = await parts.draft(greeting('draft'));
    expect(await versions.execute({ workspaceId: 'dev', idOrKey: 'draft' })).toEqual({
      journey: { id: draft.id, key: 'draft', name: 'draft', status: 'draft', version: null },
      versions: [],
    });
  });

  it('lists the published versions newest first, the current one marked, with the runs each started', async () => {
    const first = parts.clock.now().toISOString();
    const journey = await parts.journey(greeting('welcome'));
    await parts.events([parts.track('minji', 'Signed Up'), parts.track('jiwoo', 'Signed Up')]);
    parts.clock.advance(MINUTE);
    await parts.journey({ ...greeting('welcome'), name: 'Welcome' });
    await parts.events([parts.track('minji', 'Signed Up')]);
    // Another workspace's runs of a journey of the same key do not count.
    await parts.journey(greeting('welcome'), OTHER.id);
    await parts.events([parts.track('hana', 'Signed Up', {}, { workspaceId: OTHER.id })]);

    expect(await versions.execute({ workspaceId: 'dev', idOrKey: journey.id })).toEqual({
      journey: { id: journey.id, key: 'welcome', name: 'Welcome', status: 'active', version: 2 },
      versions: [
        { version: 2, publishedAt: parts.clock.now().toISOString(), current: true, runs: 1 },
        { version: 1, publishedAt: first, current: false, runs: 2 },
      ],
    });
  });

  it('answers 404 for an unknown journey or another workspace’s', async () => {
    await expect(versions.execute({ workspaceId: 'dev', idOrKey: 'nope' })).rejects.toMatchObject({ status: 404, code: 'NOT_FOUND' });
    const theirs = await parts.draft(greeting('theirs'), OTHER.id);
    await expect(versions.execute({ workspaceId: 'dev', idOrKey: theirs.id })).rejects.toMatchObject({ status: 404 });
  });
});
