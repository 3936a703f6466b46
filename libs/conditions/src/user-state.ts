/**
 * The per-user state the segment evaluator reads, and pure helpers that fold
 * incoming events and trait updates into it. Every helper returns a new state
 * and leaves its input untouched.
 *
 * Ordering and late events: `events` is always sorted by `at` (the producer's
 * timestamp, epoch ms), ties kept in arrival order. An event that arrives late
 * or out of order is inserted at its own timestamp, so the next evaluation sees
 * exactly the history it would have seen had the event arrived on time. What
 * is NOT rewritten is the past: evaluation happens at "now", so a late event
 * that would have put a user in a segment yesterday, for a window that has
 * closed since, produces no back-dated entry or exit. A late event older than
 * its name's retention still counts in `totals` (so "ever" counts stay right)
 * and is dropped by the next `prune`. An event stamped in the future (clock
 * skew, scheduled imports) is stored but does not count until its timestamp;
 * the evaluator reports that instant as a `nextChangeAt`.
 *
 * Delivering the same event twice counts it twice: deduplication by message
 * id belongs to the consumer, in the transaction that stores this state.
 */

export interface EventOccurrence {
  name: string;
  /** Producer timestamp, epoch milliseconds. */
  at: number;
  properties: Record<string, unknown>;
}

/** Lifetime totals per event name; they survive pruning. */
export interface EventTotal {
  count: number;
  firstAt: number;
  lastAt: number;
}

export interface UserState {
  traits: Record<string, unknown>;
  /** Retained occurrences, sorted by `at` ascending. */
  events: EventOccurrence[];
  totals: Record<string, EventTotal>;
}

/** Per event name: how long occurrences must be kept, in ms, or `'ever'`. */
export type Retention = Record<string, number | 'ever'>;

export function emptyUserState(): UserState {
  return { traits: {}, events: [], totals: {} };
}

/** Index after the last occurrence with `at <= t` (keeps arrival order on ties). */
export function upperBound(events: readonly EventOccurrence[], t: number): number {
  let lo = 0;
  let hi = events.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (events[mid].at <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function addToTotals(totals: Record<string, EventTotal>, e: EventOccurrence): Record<string, EventTotal> {
  const current = Object.hasOwn(totals, e.name) ? totals[e.name] : undefined;
  const next: EventTotal = current
    ? { count: current.count + 1, firstAt: Math.min(current.firstAt, e.at), lastAt: Math.max(current.lastAt, e.at) }
    : { count: 1, firstAt: e.at, lastAt: e.at };
  return { ...totals, [e.name]: next };
}

/** Folds one event into the state, inserting it at its timestamp. */
export function applyEvent(state: UserState, occurrence: EventOccurrence): UserState {
  const index = upperBound(state.events, occurrence.at);
  const events = [...state.events.slice(0, index), occurrence, ...state.events.slice(index)];
  return { ...state, events, totals: addToTotals(state.totals, occurrence) };
}

/** Folds a batch of events in one pass; same result as applying them one by one. */
export function applyEvents(state: UserState, occurrences: readonly EventOccurrence[]): UserState {
  if (occurrences.length === 0) return state;
  // A stable sort keeps arrival order among equal timestamps, and the merge
  // puts already-stored events first on ties, as repeated applyEvent would.
  const incoming = [...occurrences].sort((a, b) => a.at - b.at);
  const events: EventOccurrence[] = [];
  let i = 0;
  for (const next of incoming) {
    while (i < state.events.length && state.events[i].at <= next.at) events.push(state.events[i++]);
    events.push(next);
  }
  while (i < state.events.length) events.push(state.events[i++]);
  let totals = state.totals;
  for (const e of occurrences) totals = addToTotals(totals, e);
  return { ...state, events, totals };
}

/**
 * Most traits one user holds. Ingest bounds one call's traits; this bounds
 * what many calls add up to: once a user holds this many, an update still
 * changes the traits they have, and new names are ignored.
 */
export const MAX_TRAITS_PER_USER = 512;

/**
 * Merges a trait update (identify): listed traits are replaced, others kept.
 * A null value is stored as null, which `exists` treats as absent.
 */
export function applyTraits(state: UserState, update: Record<string, unknown>): UserState {
  const traits = { ...state.traits };
  let count = Object.keys(traits).length;
  for (const key of Object.keys(update)) {
    if (key === '__proto__' || update[key] === undefined) continue;
    const known = Object.hasOwn(traits, key);
    if (!known && count >= MAX_TRAITS_PER_USER) continue;
    if (!known) count++;
    traits[key] = update[key];
  }
  return { ...state, traits };
}

/**
 * Most occurrences kept per user. Past it, the oldest are dropped first (their
 * totals stay), so a user who sends a flood of events costs a bounded state;
 * conditions counting more than this many occurrences in one window see at
 * most this many.
 */
export const MAX_EVENTS_PER_USER = 1_000;

export interface PruneOptions {
  /** Retention for event names no condition references; by default they are dropped. */
  otherEvents?: number | 'ever';
}

function latestCurrentIndexes(events: readonly EventOccurrence[], now: number): Set<number> {
  const seen = new Set<string>();
  const keep = new Set<number>();
  for (let i = upperBound(events, now) - 1; i >= 0; i--) {
    if (seen.has(events[i].name)) continue;
    seen.add(events[i].name);
    keep.add(i);
  }
  return keep;
}

/**
 * Drops the occurrences no condition can need at `now` or later. An occurrence
 * is kept when:
 * - it is stamped after `now` (it has not started counting yet);
 * - its name's retention is `'ever'`, or it lies inside the retention window
 *   (`at > now - retention`);
 * - it is the latest occurrence of its name at or before `now`, so recency
 *   conditions ("last order older than 30d") still know the last time.
 * Names absent from `retention` (and from `options.otherEvents`) keep only
 * their future-stamped occurrences. Totals and traits are never pruned.
 * At most MAX_EVENTS_PER_USER occurrences are kept, the newest.
 * Evaluate only at instants at or after the last prune.
 */
export function prune(state: UserState, retention: Retention, now: number, options: PruneOptions = {}): UserState {
  const latest = latestCurrentIndexes(state.events, now);
  const events = state.events.filter((e, i) => {
    if (e.at > now) return true;
    const keepFor = Object.hasOwn(retention, e.name) ? retention[e.name] : options.otherEvents;
    if (keepFor === undefined) return false;
    if (keepFor === 'ever' || e.at > now - keepFor) return true;
    return latest.has(i);
  });
  const bounded = events.length > MAX_EVENTS_PER_USER ? events.slice(events.length - MAX_EVENTS_PER_USER) : events;
  return bounded.length === state.events.length ? state : { ...state, events: bounded };
}
