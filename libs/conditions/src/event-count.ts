import { parseDuration } from '@cairn/core';
import type { EventCondition } from './condition.types';
import { countAtOrBefore, eventSeries, lastAtOrBefore, type EventSeries } from './event-series';
import type { UserState } from './user-state';

/**
 * Event count conditions.
 *
 * Window edges: an occurrence at time `t` counts for `within: W` at instant
 * `now` iff `now - W < t <= now`. It starts counting exactly at `t` (so an
 * occurrence stamped in the future does not count yet) and stops exactly at
 * `t + W`. Without `within` the window is "ever": every occurrence with
 * `t <= now`. Count bounds are inclusive; without `count` the condition means
 * "at least once"; `count: { max: 0 }` means "did not".
 */
export interface EventCountResult {
  value: boolean;
  nextChangeAt: number | null;
  /** Occurrences counted at `now` (in the window, or ever). */
  count: number;
  /** Exclusive start of the window (`now - W`), or null for "ever". */
  windowStart: number | null;
  /** The last matching occurrence at or before `now`, if known. */
  lastOccurredAt: number | null;
}

function bounds(condition: EventCondition): { min: number; max: number } {
  if (condition.count === undefined) return { min: 1, max: Infinity };
  return { min: condition.count.min ?? 0, max: condition.count.max ?? Infinity };
}

function countAt(series: EventSeries, window: number | undefined, now: number): number {
  const upToNow = countAtOrBefore(series.times, now);
  if (window === undefined) return series.pruned + upToNow;
  return upToNow - countAtOrBefore(series.times, now - window);
}

/** Instants after `now` at which the count moves, with the signed change. */
function countChanges(times: readonly number[], window: number | undefined, now: number): Map<number, number> {
  const changes = new Map<number, number>();
  const add = (at: number, delta: number) => changes.set(at, (changes.get(at) ?? 0) + delta);
  for (const t of times) {
    if (t > now) add(t, +1);
    if (window !== undefined && t + window > now) add(t + window, -1);
  }
  return changes;
}

/** The first instant after `now` at which the in-bounds answer flips, or null. */
function nextFlip(changes: Map<number, number>, count: number, inBounds: (n: number) => boolean): number | null {
  const current = inBounds(count);
  let running = count;
  for (const at of [...changes.keys()].sort((a, b) => a - b)) {
    running += changes.get(at) ?? 0;
    if (inBounds(running) !== current) return at;
  }
  return null;
}

export function evaluateEventCount(condition: EventCondition, state: UserState, now: number): EventCountResult {
  const series = eventSeries(state, condition.event, condition.where);
  const window = condition.within === undefined ? undefined : parseDuration(condition.within);
  const { min, max } = bounds(condition);
  const inBounds = (n: number) => n >= min && n <= max;
  const count = countAt(series, window, now);
  return {
    value: inBounds(count),
    nextChangeAt: nextFlip(countChanges(series.times, window, now), count, inBounds),
    count,
    windowStart: window === undefined ? null : now - window,
    lastOccurredAt: lastAtOrBefore(series, now),
  };
}
