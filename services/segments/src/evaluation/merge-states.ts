import { applyEvents, type EventTotal, type UserState } from '@cairn/segments-domain';

/**
 * Merges an anonymous (or aliased) identity's state into a user's: the
 * anonymous history is inserted at its own timestamps, lifetime totals add up
 * (so "ever" counts include what was done before signing in), and traits the
 * user already has win over the anonymous ones.
 */
export function mergeStates(into: UserState, from: UserState): UserState {
  const events = applyEvents({ ...into, totals: {} }, from.events).events;
  const totals: Record<string, EventTotal> = { ...into.totals };
  for (const [name, t] of Object.entries(from.totals)) {
    const mine = Object.hasOwn(totals, name) ? totals[name] : undefined;
    totals[name] = mine ? { count: mine.count + t.count, firstAt: Math.min(mine.firstAt, t.firstAt), lastAt: Math.max(mine.lastAt, t.lastAt) } : { ...t };
  }
  return { traits: { ...from.traits, ...into.traits }, events, totals };
}
