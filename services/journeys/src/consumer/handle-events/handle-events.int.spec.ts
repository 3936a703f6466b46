import { delayed, greeting, HOUR, JourneysParts, OTHER } from '../../testing/journeys-parts';
import { HandleEventsUseCase } from './handle-events.usecase';

describe('HandleEventsUseCase', () => {
  let parts: JourneysParts;
  let handle: HandleEventsUseCase;

  beforeAll(async () => {
    parts = await JourneysParts.start();
    handle = parts.handleEvents;
    await parts.journey(greeting('welcome', 'Signed Up', 'hello'));
    await parts.journey({ ...delayed('cart', 'Product Added', '1h', 'remind'), exitOn: [{ event: 'Order Completed' }] });
  });

  afterAll(() => parts?.stop());

  it('starts the journeys a track event enters, with the traits identify kept, and skips a redelivered message', async () => {
    const signUp = parts.track('minji', 'Signed Up');
    const nudges = parts.nudges;
    await handle.execute({ events: [parts.identify('minji', { name: '민지' }), signUp] });
    await handle.execute({ events: [signUp] });
    const runs = await parts.runs('minji');
    expect(runs.map((r) => [r.journey.key, r.status, r.group])).toEqual([['welcome', 'completed', 'treatment']]);
    const requests = await parts.requests('dev');
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatchObject({
      userId: 'minji',
      template: 'hello',
      channel: 'kakao',
      journey: { key: 'welcome', version: 1, runId: runs[0].runId, step: 'hi' },
      context: { user: { name: '민지' } },
    });
    expect(parts.nudges).toBe(nudges + 1);
  });

  it('reaches the user’s open runs first: an exit event ends the waiting run, whose timer then sends nothing', async () => {
    await handle.execute({ events: [parts.track('jiwoo', 'Product Added'), parts.track('seoyeon', 'Product Added')] });
    await handle.execute({ events: [parts.track('jiwoo', 'Order Completed')] });
    expect((await parts.runs('jiwoo')).map((r) => r.status)).toEqual(['exited']);
    expect((await parts.runs('seoyeon')).map((r) => r.status)).toEqual(['active']);
    parts.clock.advance(HOUR);
    await parts.fireDueTimers.execute({ limit: 100 });
    expect(await parts.sentTo('remind')).toEqual(['seoyeon']);
  });

  it('skips events that can change nothing without recording them: delivered again once they can, they count', async () => {
    // doyun is in no journey and 'Order Completed' enters none: nothing to do, nothing recorded.
    const completed = parts.track('doyun', 'Order Completed');
    await handle.execute({ events: [completed] });
    expect(await parts.runs('doyun')).toEqual([]);
    // Once doyun waits in the cart journey, the same message delivered again reaches the run (its exit event).
    await handle.execute({ events: [parts.track('doyun', 'Product Added')] });
    await handle.execute({ events: [completed] });
    expect((await parts.runs('doyun')).map((r) => r.status)).toEqual(['exited']);
  });

  it('keeps workspaces apart: another workspace’s event enters none of this workspace’s journeys nor reaches its runs', async () => {
    await parts.journey(greeting('welcome', 'Signed Up', 'their-hello'), OTHER.id);
    await handle.execute({ events: [parts.track('yuna', 'Product Added')] });
    await handle.execute({
      events: [parts.track('yuna', 'Order Completed', {}, { workspaceId: OTHER.id }), parts.track('hana', 'Signed Up', {}, { workspaceId: OTHER.id })],
    });
    expect((await parts.runs('yuna')).map((r) => r.status)).toEqual(['active']);
    expect(await parts.runs('hana')).toEqual([]);
    expect((await parts.runs('hana', OTHER.id)).map((r) => r.journey.key)).toEqual(['welcome']);
    expect((await parts.requests(OTHER.id)).map((r) => [r.userId, r.template])).toEqual([['hana', 'their-hello']]);
  });
});
