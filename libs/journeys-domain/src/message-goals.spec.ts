import { validateJourney } from './validate-journey';
import { messageEvent, reachesGoal } from './message-goals';
import { DAY, refs, runFor, T0 } from './test-fixtures';

const journey = validateJourney(
  {
    key: 'newsletter',
    name: 'Newsletter',
    entry: { event: 'Product Added' },
    goal: { event: 'Message Clicked', where: { step: 'news' }, within: '3d' },
    start: 'news',
    steps: { news: { type: 'send', channel: 'email', template: 'cart-reminder', category: 'promotional', next: null } },
  },
  refs(),
);

describe('message events as goals', () => {
  it('turn receipt outcomes into events named after them, with the step and channel; other outcomes into none', () => {
    expect(messageEvent({ status: 'CLICKED', channel: 'email', step: 'news', at: T0 })).toEqual({
      name: 'Message Clicked',
      properties: { step: 'news', channel: 'email' },
      at: T0,
    });
    expect(messageEvent({ status: 'DELIVERED', channel: 'email', step: 'news', at: T0 })?.name).toBe('Message Delivered');
    expect(messageEvent({ status: 'SENT', channel: 'email', step: 'news', at: T0 })).toBeUndefined();
  });

  it('reach a goal that names them, matching its where, inside its window, once', () => {
    const run = runFor(journey, 'u1');
    const click = (at: number, step = 'news') => messageEvent({ status: 'CLICKED', channel: 'email', step, at })!;
    expect(reachesGoal(journey, run, click(T0 + DAY))).toBe(true);
    expect(reachesGoal(journey, run, click(T0 + DAY, 'other'))).toBe(false);
    expect(reachesGoal(journey, run, click(T0 + 3 * DAY))).toBe(false);
    expect(reachesGoal(journey, run, messageEvent({ status: 'OPENED', channel: 'email', step: 'news', at: T0 + DAY })!)).toBe(false);
    expect(reachesGoal(journey, { ...run, converted: true }, click(T0 + DAY))).toBe(false);
  });
});
