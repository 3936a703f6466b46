import { advance } from './engine';
import { MAX_STEPS_PER_RUN } from './engine-walk';
import type { Effect, EngineFacts, EngineInput } from './engine.types';
import type { JourneyDefinition } from './journey.types';
import { cartAbandonment } from './ready-made';
import { DAY, event, facts, HOUR, MINUTE, refs, runFor, T0, userIn } from './test-fixtures';
import { validateJourney } from './validate-journey';

const cart = validateJourney(cartAbandonment(), refs());
const start: EngineInput = { kind: 'start' };
const types = (effects: Effect[]) => effects.map((e) => e.type);

function started(def: JourneyDefinition, userId: string, f: EngineFacts = facts) {
  return advance(def, runFor(def, userId), start, T0, f);
}

describe('advance: cart abandonment', () => {
  const user = userIn(cart, 'treatment');

  it('starts by waiting for the order, with a timeout timer', () => {
    const { run, effects } = started(cart, user);
    expect(effects).toEqual([{ type: 'scheduleTimer', step: 'wait-for-order', occurrence: 1, dueAt: T0 + HOUR }]);
    expect(run.waiting).toMatchObject({ kind: 'event', step: 'wait-for-order', event: 'Order Completed', match: { cartId: 'c1' } });
    expect(run.status).toBe('active');
  });

  it('sends the reminder exactly once after the wait when no order comes', () => {
    const waiting = started(cart, user).run;
    const timer: EngineInput = { kind: 'timer', step: 'wait-for-order', occurrence: 1 };
    const fired = advance(cart, waiting, timer, T0 + HOUR, facts);
    const sends = fired.effects.filter((e) => e.type === 'send');
    expect(sends).toEqual([expect.objectContaining({ step: 'remind', channel: 'kakao', template: 'cart-reminder', category: 'promotional', occurrence: 1 })]);
    expect(types(fired.effects)).toEqual(['send', 'completed']);
    expect(fired.run).toMatchObject({ status: 'completed', step: null });
    expect(advance(cart, fired.run, timer, T0 + HOUR + 1, facts).effects).toEqual([]);
  });

  it('exits at once with cancelTimers and no send when an order comes mid-wait', () => {
    const waiting = started(cart, user).run;
    const order = advance(cart, waiting, { kind: 'event', event: event('Order Completed', T0 + 10 * MINUTE, { cartId: 'other' }) }, T0 + 10 * MINUTE, facts);
    expect(types(order.effects)).toEqual(['converted', 'cancelTimers', 'exited']);
    expect(order.effects).toContainEqual({ type: 'exited', reason: 'exit_criteria', event: 'Order Completed' });
    expect(order.run).toMatchObject({ status: 'exited', exitReason: 'exit_criteria' });
    expect(order.run.waiting).toBeUndefined();
    const late = advance(cart, order.run, { kind: 'timer', step: 'wait-for-order', occurrence: 1 }, T0 + HOUR, facts);
    expect(late.effects).toEqual([]);
  });

  it('does not change the run it is given, whatever the input', () => {
    // Frozen to the leaves: any write to the given run (or to anything it holds) throws.
    const frozen = <T>(value: T): T => {
      if (value && typeof value === 'object') for (const v of Object.values(value)) frozen(v);
      return Object.freeze(value);
    };
    const fresh = frozen(runFor(cart, user));
    const waiting = frozen(started(cart, user).run);
    const copy = structuredClone(waiting);
    const inputs: Array<[typeof waiting, EngineInput, number]> = [
      [fresh, start, T0],
      [waiting, { kind: 'timer', step: 'wait-for-order', occurrence: 1 }, T0 + HOUR],
      [waiting, { kind: 'event', event: event('Order Completed', T0 + MINUTE, { cartId: 'c1' }) }, T0 + MINUTE],
      [waiting, { kind: 'event', event: event('Order Completed', T0 + MINUTE, { cartId: 'other' }) }, T0 + MINUTE],
    ];
    for (const [run, input, at] of inputs) expect(advance(cart, run, input, at, facts).run).not.toBe(run);
    expect(waiting).toEqual(copy);
  });

  it('throws on a stored run that lost its occurrence counts, rather than advancing a repaired copy', () => {
    // The timer loop sets such a timer aside (and parks it) instead of firing it.
    const waiting = started(cart, user).run;
    const broken = { ...waiting, occurrences: null } as unknown as typeof waiting;
    expect(() => advance(cart, broken, { kind: 'timer', step: 'wait-for-order', occurrence: 1 }, T0 + HOUR, facts)).toThrow(TypeError);
  });

  it('ignores the triggering message and events from before the entry', () => {
    const waiting = started(cart, user).run;
    const again = event('Order Completed', T0, { cartId: 'c1' }, 'm-entry');
    expect(advance(cart, waiting, { kind: 'event', event: again }, T0, facts).effects).toEqual([]);
    const before = event('Order Completed', T0 - MINUTE, { cartId: 'c1' });
    expect(advance(cart, waiting, { kind: 'event', event: before }, T0, facts).effects).toEqual([]);
  });
});

describe('advance: waitUntil', () => {
  // No exit criteria, so the waitUntil itself decides.
  const def = validateJourney(
    {
      ...cartAbandonment(),
      goal: undefined,
      exitOn: [],
      holdout: 0,
      steps: {
        'wait-for-order': {
          type: 'waitUntil',
          event: 'Order Completed',
          match: { cartId: '{{ entry.properties.cartId }}' },
          timeout: '1h',
          onEvent: 'thanks',
          onTimeout: 'remind',
        },
        thanks: { type: 'send', channel: 'kakao', template: 'cart-reminder', category: 'transactional', next: null },
        remind: { type: 'send', channel: 'kakao', template: 'cart-reminder', category: 'promotional', next: null },
      },
    },
    refs(),
  );
  const order = (cartId: string) => ({ kind: 'event' as const, event: event('Order Completed', T0 + MINUTE, { cartId }) });

  it('moves to onEvent when the awaited event carries the same cartId', () => {
    const { run, effects } = advance(def, started(def, 'u1').run, order('c1'), T0 + MINUTE, facts);
    expect(types(effects)).toEqual(['cancelTimers', 'send', 'completed']);
    expect(effects[1]).toMatchObject({ step: 'thanks' });
    expect(run.status).toBe('completed');
  });

  it('keeps waiting when the event is for a different cart, then times out to onTimeout', () => {
    const waiting = started(def, 'u1').run;
    const other = advance(def, waiting, order('c2'), T0 + MINUTE, facts);
    expect(other.effects).toEqual([]);
    expect(other.run.waiting?.step).toBe('wait-for-order');
    const timeout = advance(def, other.run, { kind: 'timer', step: 'wait-for-order', occurrence: 1 }, T0 + HOUR, facts);
    expect(timeout.effects[0]).toMatchObject({ type: 'send', step: 'remind' });
  });

  it('never matches when the reference does not resolve', () => {
    const run = advance(def, runFor(def, 'u1', T0, event('Product Added', T0, {})), start, T0, facts).run;
    expect(run.waiting?.unresolved).toEqual(['cartId']);
    expect(advance(def, run, order('c1'), T0 + MINUTE, facts).effects).toEqual([]);
    expect(advance(def, run, { kind: 'event', event: event('Order Completed', T0 + MINUTE) }, T0 + MINUTE, facts).effects).toEqual([]);
  });
});

describe('advance: holdout and goal', () => {
  it('walks a holdout run without sending, and still converts it', () => {
    const user = userIn(cart, 'holdout');
    const waiting = started(cart, user).run;
    expect(waiting.group).toBe('holdout');
    const fired = advance(cart, waiting, { kind: 'timer', step: 'wait-for-order', occurrence: 1 }, T0 + HOUR, facts);
    expect(fired.effects).toEqual([{ type: 'holdoutSkipped', step: 'remind', occurrence: 1 }, { type: 'completed' }]);
    const order = advance(cart, fired.run, { kind: 'event', event: event('Order Completed', T0 + DAY) }, T0 + DAY, facts);
    expect(order.effects).toEqual([{ type: 'converted', at: T0 + DAY }]);
    expect(order.run).toMatchObject({ converted: true, convertedAt: T0 + DAY, status: 'completed' });
  });

  it('converts once only, and not after the goal window', () => {
    const user = userIn(cart, 'treatment');
    const done = advance(cart, started(cart, user).run, { kind: 'timer', step: 'wait-for-order', occurrence: 1 }, T0 + HOUR, facts).run;
    const lateOrder = event('Order Completed', T0 + 3 * DAY);
    expect(advance(cart, done, { kind: 'event', event: lateOrder }, T0 + 3 * DAY, facts).effects).toEqual([]);
    const first = advance(cart, done, { kind: 'event', event: event('Order Completed', T0 + 2 * DAY) }, T0 + 2 * DAY, facts);
    expect(types(first.effects)).toEqual(['converted']);
    const second = advance(cart, first.run, { kind: 'event', event: event('Order Completed', T0 + 2 * DAY + 1) }, T0 + 2 * DAY, facts);
    expect(second.effects).toEqual([]);
  });
});

describe('advance: timers, keys and loops', () => {
  const loop = validateJourney(
    {
      key: 'nag',
      name: 'Nag',
      entry: { event: 'Product Added' },
      reentry: { mode: 'always' },
      start: 'nudge',
      steps: {
        nudge: { type: 'send', channel: 'kakao', template: 'cart-reminder', category: 'promotional', next: 'pause' },
        pause: { type: 'wait', duration: '1d', next: 'again' },
        again: { type: 'branch', if: { segment: 'vip' }, then: 'nudge', else: null },
      },
    },
    refs(),
  );
  const vip: EngineFacts = { ...facts, evaluateCondition: (c) => c.segment === 'vip' };

  it('ignores a stale timer: wrong step, wrong occurrence, or a run that is not active', () => {
    const waiting = advance(loop, runFor(loop, 'u1'), start, T0, vip).run;
    expect(advance(loop, waiting, { kind: 'timer', step: 'nudge', occurrence: 1 }, T0 + DAY, vip).effects).toEqual([]);
    expect(advance(loop, waiting, { kind: 'timer', step: 'pause', occurrence: 2 }, T0 + DAY, vip).effects).toEqual([]);
    const ended = { ...waiting, status: 'exited' as const };
    expect(advance(loop, ended, { kind: 'timer', step: 'pause', occurrence: 1 }, T0 + DAY, vip).effects).toEqual([]);
  });

  it('gives the same key for the same (run, step, occurrence) and a new one on a loop revisit', () => {
    const keys = (effects: Effect[]) => effects.flatMap((e) => (e.type === 'send' ? [e.idempotencyKey] : []));
    const first = advance(loop, runFor(loop, 'u1'), start, T0, vip);
    expect(keys(advance(loop, runFor(loop, 'u1'), start, T0 + 5, vip).effects)).toEqual(keys(first.effects));
    const lap = advance(loop, first.run, { kind: 'timer', step: 'pause', occurrence: 1 }, T0 + DAY, vip);
    expect(lap.effects.map((e) => e.type)).toEqual(['send', 'scheduleTimer']);
    expect(lap.effects[1]).toEqual({ type: 'scheduleTimer', step: 'pause', occurrence: 2, dueAt: T0 + 2 * DAY });
    expect(keys(lap.effects)).toHaveLength(1);
    expect(keys(lap.effects)[0]).not.toBe(keys(first.effects)[0]);
    expect(lap.run.occurrences).toEqual({ nudge: 2, pause: 2, again: 1 });
    expect(keys(advance(loop, runFor(loop, 'u2'), start, T0, vip).effects)[0]).not.toBe(keys(first.effects)[0]);
  });

  it(`ends a run that has taken ${MAX_STEPS_PER_RUN} steps with step_limit, even through a long wait`, () => {
    let run = advance(loop, runFor(loop, 'u1'), start, T0, vip).run;
    let laps = 1;
    for (; run.status === 'active'; laps++) run = advance(loop, run, { kind: 'timer', step: 'pause', occurrence: laps }, T0 + laps * DAY, vip).run;
    expect(run).toMatchObject({ status: 'exited', exitReason: 'step_limit' });
    expect(Object.values(run.occurrences).reduce((a, b) => a + b, 0)).toBe(MAX_STEPS_PER_RUN);
    expect(laps).toBeLessThan(MAX_STEPS_PER_RUN / 2);
  });

  it('ignores a second start', () => {
    const once = advance(loop, runFor(loop, 'u1'), start, T0, vip).run;
    expect(advance(loop, once, start, T0 + 1, vip).effects).toEqual([]);
  });

  it('takes the else branch and completes when the condition is false', () => {
    const waiting = advance(loop, runFor(loop, 'u1'), start, T0, facts).run;
    const done = advance(loop, waiting, { kind: 'timer', step: 'pause', occurrence: 1 }, T0 + DAY, facts);
    expect(done.effects).toEqual([{ type: 'completed' }]);
  });
});

describe('advance: other steps', () => {
  const body = (steps: Record<string, unknown>, start = 'first') =>
    validateJourney({ key: 'other', name: 'Other', entry: { event: 'Product Added' }, exitOn: [{ event: 'Unsubscribed' }], start, steps }, refs());
  const sendTo = (template: string, next: string | null = null) => ({ type: 'send', channel: 'kakao', template, category: 'promotional', next });

  it("waits until the next local time in the user's time zone", () => {
    const def = body({ first: { type: 'wait', until: '09:00', next: null } });
    const { effects } = advance(def, runFor(def, 'u1'), start, T0, facts); // 10:00 in Seoul
    expect(effects).toEqual([{ type: 'scheduleTimer', step: 'first', occurrence: 1, dueAt: Date.UTC(2026, 2, 3, 0, 0) }]);
    const ny = advance(def, runFor(def, 'u1'), start, T0, { ...facts, timezone: 'America/New_York' }).effects[0];
    expect(ny).toMatchObject({ dueAt: Date.UTC(2026, 2, 2, 14, 0) });
  });

  it('splits deterministically per user, following the weights', () => {
    const def = body({
      first: {
        type: 'split',
        paths: [
          { weight: 3, next: 'a' },
          { weight: 1, next: 'b' },
        ],
      },
      a: sendTo('welcome-back'),
      b: sendTo('restock-notice'),
    });
    const pick = (user: string) => (advance(def, runFor(def, user), start, T0, facts).effects[0] as { step: string }).step;
    const picks = Array.from({ length: 2000 }, (_, i) => pick(`u${i}`));
    expect(Array.from({ length: 20 }, (_, i) => pick(`u${i}`))).toEqual(picks.slice(0, 20));
    const share = picks.filter((p) => p === 'a').length / picks.length;
    expect(share).toBeGreaterThan(0.7);
    expect(share).toBeLessThan(0.8);
  });

  it('ends the run at an exit step and carries the coupon pool on a send', () => {
    const def = validateJourney(
      {
        ...JSON.parse(JSON.stringify(cartAbandonment())),
        holdout: 0,
        start: 'give',
        steps: {
          give: { type: 'send', channel: 'kakao', template: 'welcome-back', category: 'promotional', coupon: { pool: 'welcome-back' }, next: 'stop' },
          stop: { type: 'exit' },
        },
      },
      refs(),
    );
    const { run, effects } = advance(def, runFor(def, 'u1'), start, T0, facts);
    expect(effects[0]).toMatchObject({ type: 'send', coupon: { pool: 'welcome-back' } });
    expect(effects[1]).toEqual({ type: 'exited', reason: 'exit_step', step: 'stop' });
    expect(run).toMatchObject({ status: 'exited', step: 'stop', endedAt: T0 });
  });

  it('carries a send step’s fallback on its send effect', () => {
    const fallback = { channel: 'sms', template: 'cart-reminder' };
    const def = validateJourney(
      {
        ...JSON.parse(JSON.stringify(cartAbandonment())),
        holdout: 0,
        start: 'ship',
        steps: { ship: { type: 'send', channel: 'kakao', template: 'cart-reminder', category: 'transactional', fallback, next: null } },
      },
      refs(),
    );
    expect(advance(def, runFor(def, 'u1'), start, T0, facts).effects[0]).toMatchObject({ type: 'send', channel: 'kakao', fallback });
  });

  it('interrupts a plain wait on an exit event', () => {
    const def = body({ first: { type: 'wait', duration: '2d', next: null } });
    const waiting = advance(def, runFor(def, 'u1'), start, T0, facts).run;
    const quit = advance(def, waiting, { kind: 'event', event: event('Unsubscribed', T0 + HOUR) }, T0 + HOUR, facts);
    expect(quit.effects).toEqual([{ type: 'cancelTimers' }, { type: 'exited', reason: 'exit_criteria', event: 'Unsubscribed' }]);
    expect(advance(def, waiting, { kind: 'event', event: event('Page Viewed', T0 + HOUR) }, T0 + HOUR, facts).effects).toEqual([]);
  });
});
