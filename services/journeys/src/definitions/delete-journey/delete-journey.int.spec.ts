import { delayed, HOUR, JourneysParts, OTHER } from '../../testing/journeys-parts';
import { GetJourneyUseCase } from '../get-journey/get-journey.usecase';
import { DeleteJourneyUseCase } from './delete-journey.usecase';

describe('DeleteJourneyUseCase', () => {
  let parts: JourneysParts;
  let deletion: DeleteJourneyUseCase;
  let reading: GetJourneyUseCase;

  beforeAll(async () => {
    parts = await JourneysParts.start();
    deletion = new DeleteJourneyUseCase(parts.dataSource);
    reading = new GetJourneyUseCase(parts.dataSource);
  });

  afterAll(() => parts?.stop());

  it('deletes the journey with its runs and their pending timers; the same key in another workspace stays with its runs', async () => {
    const mine = await parts.journey(delayed('cart', 'Product Added', '1h'));
    await parts.journey(delayed('cart', 'Product Added', '1h'), OTHER.id);
    await parts.events([parts.track('minji', 'Product Added'), parts.track('minji', 'Product Added', {}, { workspaceId: OTHER.id })]);
    expect((await parts.runs('minji')).map((r) => r.status)).toEqual(['active']);

    await deletion.execute({ workspaceId: 'dev', idOrKey: mine.id });
    await expect(reading.execute({ workspaceId: 'dev', idOrKey: 'cart' })).rejects.toMatchObject({ status: 404 });
    expect(await parts.runs('minji')).toEqual([]);
    expect((await parts.runs('minji', OTHER.id)).map((r) => [r.journey.key, r.status])).toEqual([['cart', 'active']]);

    // Only the other workspace's timer is left to fire.
    parts.clock.advance(HOUR);
    expect(await parts.fireDueTimers.execute({ limit: 100 })).toBe(1);
    expect((await parts.requests()).map((r) => [r.workspaceId, r.userId])).toEqual([['other', 'minji']]);
  });

  it('answers 404 for an unknown journey or another workspace’s', async () => {
    await expect(deletion.execute({ workspaceId: 'dev', idOrKey: 'nope' })).rejects.toMatchObject({ status: 404, code: 'NOT_FOUND' });
    const theirs = await reading.execute({ workspaceId: OTHER.id, idOrKey: 'cart' });
    await expect(deletion.execute({ workspaceId: 'dev', idOrKey: theirs.id })).rejects.toMatchObject({ status: 404 });
    expect(await reading.execute({ workspaceId: OTHER.id, idOrKey: theirs.id })).toEqual(theirs);
  });
});
