import { greeting, JourneysParts, OTHER } from '../../testing/journeys-parts';
import { PublishJourneyUseCase } from './publish-journey.usecase';

describe('PublishJourneyUseCase', () => {
  let parts: JourneysParts;
  let publish: PublishJourneyUseCase;

  beforeAll(async () => {
    parts = await JourneysParts.start();
    publish = parts.publishJourney;
  });

  afterAll(() => parts?.stop());

  it('publishes the draft as the next version; new runs start on it, a saved draft changes nothing until published', async () => {
    const draft = await parts.draft(greeting('welcome', 'Signed Up', 'hello'));
    expect(await publish.execute({ workspaceId: 'dev', idOrKey: draft.id })).toMatchObject({ id: draft.id, status: 'active', version: 1 });
    await parts.events([parts.track('minji', 'Signed Up')]);

    await parts.saveJourney.execute({ workspaceId: 'dev', idOrKey: 'welcome', body: greeting('welcome', 'Signed Up', 'hello-again') });
    await parts.events([parts.track('jiwoo', 'Signed Up')]);
    expect(await publish.execute({ workspaceId: 'dev', idOrKey: 'welcome' })).toMatchObject({ version: 2, status: 'active' });
    await parts.events([parts.track('seoyeon', 'Signed Up')]);

    expect((await parts.runs('jiwoo'))[0].journey).toEqual({ id: draft.id, key: 'welcome', version: 1 });
    expect((await parts.runs('seoyeon'))[0].journey).toEqual({ id: draft.id, key: 'welcome', version: 2 });
    expect((await parts.requests('dev')).map((r) => [r.userId, r.template, r.journey?.version])).toEqual([
      ['minji', 'hello', 1],
      ['jiwoo', 'hello', 1],
      ['seoyeon', 'hello-again', 2],
    ]);
  });

  it('answers 400 VALIDATION_FAILED naming the step field of a reference the look-ups did not find', async () => {
    await parts.draft(greeting('gone', 'Signed Up', 'deleted-template'));
    await expect(publish.execute({ workspaceId: 'dev', idOrKey: 'gone' }, { templates: new Set(['hello']) })).rejects.toMatchObject({
      status: 400,
      code: 'VALIDATION_FAILED',
      fields: [expect.objectContaining({ path: 'steps.hi.template' })],
    });
    expect(await publish.execute({ workspaceId: 'dev', idOrKey: 'gone' }, { templates: new Set(['deleted-template']) })).toMatchObject({ version: 1 });
  });

  it('answers 404 for another workspace’s journey and publishes nothing there', async () => {
    const theirs = await parts.draft(greeting('theirs'), OTHER.id);
    await expect(publish.execute({ workspaceId: 'dev', idOrKey: theirs.id })).rejects.toMatchObject({ status: 404, code: 'NOT_FOUND' });
    await expect(publish.execute({ workspaceId: 'dev', idOrKey: 'theirs' })).rejects.toMatchObject({ status: 404 });
    await parts.events([parts.track('minji', 'Signed Up', {}, { workspaceId: OTHER.id })]);
    expect(await parts.runs('minji', OTHER.id)).toEqual([]);
    expect(await publish.execute({ workspaceId: OTHER.id, idOrKey: 'theirs' })).toMatchObject({ version: 1, status: 'active' });
  });
});
