import { DAY, T0 } from './spec-helpers';
import {
  applyEvent,
  applyEvents,
  applyTraits,
  emptyUserState,
  MAX_EVENTS_PER_USER,
  MAX_TRAITS_PER_USER,
  prune,
  type EventOccurrence,
  type UserState,
} from './user-state';

const occ = (name: string, at: number, properties: Record<string, unknown> = {}): EventOccurrence => ({ name, at, properties });
const timeline = (s: UserState) => s.events.map((e) => `${e.name}@${e.at - T0}`);

describe('applyEvent', () => {
  it('keeps events sorted and inserts a late event at its timestamp', () => {
    let state = applyEvent(emptyUserState(), occ('A', T0 + 10));
    state = applyEvent(state, occ('B', T0 + 30));
    state = applyEvent(state, occ('Late', T0 + 20));
    expect(timeline(state)).toEqual(['A@10', 'Late@20', 'B@30']);
  });

  it('keeps arrival order among equal timestamps', () => {
    const state = [occ('first', T0), occ('second', T0), occ('third', T0)].reduce(applyEvent, emptyUserState());
    expect(timeline(state)).toEqual(['first@0', 'second@0', 'third@0']);
  });

  it('maintains lifetime totals regardless of arrival order', () => {
    const state = [occ('A', T0 + 50), occ('A', T0 + 10), occ('A', T0 + 30)].reduce(applyEvent, emptyUserState());
    expect(state.totals.A).toEqual({ count: 3, firstAt: T0 + 10, lastAt: T0 + 50 });
  });

  it('leaves its input untouched', () => {
    const before = applyEvent(emptyUserState(), occ('A', T0));
    applyEvent(before, occ('B', T0 - 1));
    expect(timeline(before)).toEqual(['A@0']);
    expect(Object.keys(before.totals)).toEqual(['A']);
  });
});

describe('applyEvents', () => {
  it('gives the same state as applying the events one by one', () => {
    const base = [occ('A', T0 + 5), occ('B', T0 + 20)].reduce(applyEvent, emptyUserState());
    const batch = [occ('C', T0 + 20), occ('D', T0 + 1), occ('E', T0 + 5), occ('F', T0 + 30)];
    expect(applyEvents(base, batch)).toEqual(batch.reduce(applyEvent, base));
  });
});

describe('applyTraits', () => {
  it('merges updates, keeps other traits, stores null, and ignores __proto__', () => {
    const first = applyTraits(emptyUserState(), { tier: 'gold', city: 'Seoul' });
    const second = applyTraits(first, JSON.parse('{"city":null,"plan":"pro","__proto__":{"polluted":1}}'));
    expect(second.traits).toEqual({ tier: 'gold', city: null, plan: 'pro' });
    expect(first.traits).toEqual({ tier: 'gold', city: 'Seoul' });
    expect(Object.getPrototypeOf(second.traits)).toBe(Object.prototype);
  });
});

describe('applyTraits bounds', () => {
  it(`holds at most ${MAX_TRAITS_PER_USER} traits per user: past that, known traits still change and new names are ignored`, () => {
    const full = applyTraits(emptyUserState(), Object.fromEntries(Array.from({ length: MAX_TRAITS_PER_USER + 10 }, (_, i) => [`t${i}`, i])));
    expect(Object.keys(full.traits)).toHaveLength(MAX_TRAITS_PER_USER);
    const next = applyTraits(full, { t0: 'changed', brandNew: true });
    expect(next.traits.t0).toBe('changed');
    expect(next.traits).not.toHaveProperty('brandNew');
  });
});

describe('prune', () => {
  const state = [
    occ('View', T0),
    occ('View', T0 + 5 * DAY),
    occ('View', T0 + 9 * DAY),
    occ('Order', T0 + DAY),
    occ('Order', T0 + 2 * DAY),
    occ('Noise', T0 + 9 * DAY),
    occ('Noise', T0 + 20 * DAY),
    occ('Kept', T0),
  ].reduce(applyEvent, emptyUserState());
  const now = T0 + 10 * DAY;

  it('keeps occurrences inside each window (at > now - retention), the latest one of each name and future ones', () => {
    const pruned = prune(state, { View: 5 * DAY, Order: 0, Kept: 'ever' }, now);
    expect(timeline(pruned)).toEqual(['Kept@0', `Order@${2 * DAY}`, `View@${9 * DAY}`, `Noise@${20 * DAY}`]);
  });

  it('drops an occurrence exactly at now - retention, which no window can count any more', () => {
    const pruned = prune(state, { View: 5 * DAY }, now);
    expect(timeline(pruned).filter((e) => e.startsWith('View'))).toEqual([`View@${9 * DAY}`]);
    const wider = prune(state, { View: 5 * DAY + 1 }, now);
    expect(timeline(wider).filter((e) => e.startsWith('View'))).toEqual([`View@${5 * DAY}`, `View@${9 * DAY}`]);
  });

  it('applies otherEvents to unreferenced names when asked', () => {
    const pruned = prune(state, {}, now, { otherEvents: 2 * DAY });
    expect(timeline(pruned)).toEqual(['Kept@0', `Order@${2 * DAY}`, `View@${9 * DAY}`, `Noise@${9 * DAY}`, `Noise@${20 * DAY}`]);
  });

  it(`keeps at most ${MAX_EVENTS_PER_USER} occurrences, dropping the oldest first, and keeps counting them in totals`, () => {
    const flood = applyEvents(
      emptyUserState(),
      Array.from({ length: MAX_EVENTS_PER_USER + 50 }, (_, i) => occ('View', T0 + i)),
    );
    const pruned = prune(flood, { View: 'ever' }, T0 + DAY);
    expect(pruned.events).toHaveLength(MAX_EVENTS_PER_USER);
    expect(pruned.events[0].at).toBe(T0 + 50);
    expect(pruned.events[pruned.events.length - 1].at).toBe(T0 + MAX_EVENTS_PER_USER + 49);
    expect(pruned.totals.View.count).toBe(MAX_EVENTS_PER_USER + 50);
  });

  it('never touches totals or traits', () => {
    const pruned = prune(applyTraits(state, { tier: 'gold' }), {}, now);
    expect(pruned.totals).toEqual(state.totals);
    expect(pruned.traits).toEqual({ tier: 'gold' });
  });
});
