import { delayed, greeting, HOUR, JourneysParts, OTHER } from '../../testing/journeys-parts';
import { StepCountsUseCase } from './step-counts.usecase';

describe('StepCountsUseCase', () => {
  let parts: JourneysParts;
  let counts: StepCountsUseCase;

  beforeAll(async () => {
    parts = await JourneysParts.start();
    counts = new StepCountsUseCase(parts.dataSource);
    await parts.journey({ ...delayed('cart', 'Product Added', '1h', 'remind'), exitOn: [{ event: 'Order Completed' }] });
    await parts.journey({ ...delayed('cart', 'Product Added', '1h', 'remind') }, OTHER.id);
  });

  afterAll(() => parts?.stop());

  it('counts the runs that reached, wait in, left and exited at each step, in reading order', async () => {
    await parts.events(['a', 'b', 'c'].map((u) => parts.track(`u-${u}`, 'Product Added')));
    await parts.events([parts.track('u-c', 'Order Completed'), parts.track('u-x', 'Product Added', {}, { workspaceId: OTHER.id })]);
    const before = await counts.execute({ workspaceId: 'dev', idOrKey: 'cart', version: 'current' });
    expect(before).toMatchObject({
      journey: { key: 'cart', status: 'active', version: 1 },
      version: 1,
      runs: { entered: 3, active: 2, completed: 0, exited: 1 },
    });
    expect(before.steps).toEqual([
      { id: 'hold', type: 'wait', next: [expect.objectContaining({ to: 'hi' })], reached: 3, waiting: 2, left: 1, exited: 1 },
      { id: 'hi', type: 'send', next: [expect.objectContaining({ to: null })], reached: 0, waiting: 0, left: 0, exited: 0 },
    ]);

    parts.clock.advance(HOUR);
    await parts.fireDueTimers.execute({ limit: 100 });
    const after = await counts.execute({ workspaceId: 'dev', idOrKey: 'cart', version: 1 });
    expect(after.runs).toEqual({ entered: 3, active: 0, completed: 2, exited: 1 });
    expect(after.steps.map((s) => [s.id, s.reached, s.waiting, s.left, s.exited])).toEqual([
      ['hold', 3, 0, 3, 1],
      ['hi', 2, 0, 2, 0],
    ]);
  });

  it('answers 404 for an unknown version, a journey never published, or another workspace’s journey', async () => {
    await expect(counts.execute({ workspaceId: 'dev', idOrKey: 'cart', version: 2 })).rejects.toMatchObject({ status: 404, code: 'NOT_FOUND' });
    await parts.draft(greeting('draft'));
    await expect(counts.execute({ workspaceId: 'dev', idOrKey: 'draft', version: 'current' })).rejects.toMatchObject({ status: 404 });
    const theirs = await parts.journey(greeting('theirs'), OTHER.id);
    await expect(counts.execute({ workspaceId: 'dev', idOrKey: theirs.id, version: 1 })).rejects.toMatchObject({ status: 404 });
  });
});
