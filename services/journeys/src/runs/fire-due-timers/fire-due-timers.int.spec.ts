import { delayed, HOUR, JourneysParts, MINUTE, OTHER } from '../../testing/journeys-parts';
import { FireDueTimersUseCase } from './fire-due-timers.usecase';

describe('FireDueTimersUseCase', () => {
  let parts: JourneysParts;
  let fire: FireDueTimersUseCase;

  beforeAll(async () => {
    parts = await JourneysParts.start();
    fire = parts.fireDueTimers;
    await parts.journey(delayed('cart', 'Product Added', '1h', 'remind'));
    await parts.journey(delayed('cart', 'Product Added', '2h', 'their-remind'), OTHER.id);
  });

  afterAll(() => parts?.stop());

  it('fires nothing before a timer is due, then advances each due run once, whatever its workspace', async () => {
    await parts.events([
      parts.track('minji', 'Product Added'),
      parts.track('jiwoo', 'Product Added'),
      parts.track('hana', 'Product Added', {}, { workspaceId: OTHER.id }),
    ]);
    parts.clock.advance(HOUR - MINUTE);
    expect(await fire.execute({ limit: 100 })).toBe(0);
    expect(await parts.requests()).toEqual([]);

    parts.clock.advance(MINUTE);
    const nudges = parts.nudges;
    expect(await fire.execute({ limit: 100 })).toBe(2);
    expect(parts.nudges).toBe(nudges + 1);
    expect(await parts.sentTo('remind')).toEqual(['jiwoo', 'minji']);
    expect((await parts.runs('minji')).map((r) => [r.status, r.step])).toEqual([['completed', null]]);
    expect((await parts.runs('hana', OTHER.id)).map((r) => r.status)).toEqual(['active']);
    expect(await fire.execute({ limit: 100 })).toBe(0);

    parts.clock.advance(HOUR);
    expect(await fire.execute({ limit: 100 })).toBe(1);
    expect(await parts.sentTo('their-remind', OTHER.id)).toEqual(['hana']);
    expect(await parts.sentTo('remind')).toEqual(['jiwoo', 'minji']);
  });

  it('claims at most `limit` timers a pass; the rest wait for the next', async () => {
    await parts.events(['a', 'b', 'c'].map((u) => parts.track(`u-${u}`, 'Product Added')));
    parts.clock.advance(HOUR);
    expect(await fire.execute({ limit: 2 })).toBe(2);
    expect(await fire.execute({ limit: 2 })).toBe(1);
    expect(await parts.sentTo('remind')).toEqual(['jiwoo', 'minji', 'u-a', 'u-b', 'u-c']);
  });
});
