import { delayed, greeting, HOUR, JourneysParts, OTHER } from '../../testing/journeys-parts';
import { SetJourneyStatusUseCase } from './set-journey-status.usecase';

describe('SetJourneyStatusUseCase', () => {
  let parts: JourneysParts;
  let status: SetJourneyStatusUseCase;

  beforeAll(async () => {
    parts = await JourneysParts.start();
    status = new SetJourneyStatusUseCase(parts.dataSource, parts.clock);
  });

  afterAll(() => parts?.stop());

  it('pauses entries while running users go on, and resumes them', async () => {
    await parts.journey(delayed('cart', 'Product Added', '1h', 'remind'));
    await parts.events([parts.track('minji', 'Product Added')]);

    expect(await status.execute({ workspaceId: 'dev', idOrKey: 'cart', action: 'pause' })).toMatchObject({ status: 'paused', version: 1 });
    await parts.events([parts.track('jiwoo', 'Product Added')]);
    expect(await parts.runs('jiwoo')).toEqual([]);
    parts.clock.advance(HOUR);
    await parts.fireDueTimers.execute({ limit: 100 });
    expect(await parts.sentTo('remind')).toEqual(['minji']);

    expect(await status.execute({ workspaceId: 'dev', idOrKey: 'cart', action: 'resume' })).toMatchObject({ status: 'active', version: 1 });
    await parts.events([parts.track('jiwoo', 'Product Added')]);
    expect((await parts.runs('jiwoo')).map((r) => r.status)).toEqual(['active']);
  });

  it('answers 409 JOURNEY_NOT_PUBLISHED for a journey never published', async () => {
    await parts.draft(greeting('welcome'));
    await expect(status.execute({ workspaceId: 'dev', idOrKey: 'welcome', action: 'pause' })).rejects.toMatchObject({
      status: 409,
      code: 'JOURNEY_NOT_PUBLISHED',
    });
  });

  it('answers 404 for another workspace’s journey and leaves it active', async () => {
    const theirs = await parts.journey(greeting('theirs'), OTHER.id);
    await expect(status.execute({ workspaceId: 'dev', idOrKey: theirs.id, action: 'pause' })).rejects.toMatchObject({ status: 404, code: 'NOT_FOUND' });
    await expect(status.execute({ workspaceId: 'dev', idOrKey: 'theirs', action: 'pause' })).rejects.toMatchObject({ status: 404 });
    await parts.events([parts.track('minji', 'Signed Up', {}, { workspaceId: OTHER.id })]);
    expect((await parts.runs('minji', OTHER.id)).map((r) => r.journey.key)).toEqual(['theirs']);
  });
});
