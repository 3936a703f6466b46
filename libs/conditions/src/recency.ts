import { parseDuration } from '@cairn/core';
import type { RecencyCondition } from './condition.types';
import { eventSeries, lastAtOrBefore, type EventSeries } from './event-series';
import type { UserState } from './user-state';

/**
 * Recency conditions: "has done `event`, and the last time (at or before now)
 * is older / newer than". With `last` the latest matching occurrence:
 * `olderThan: D` holds iff `now - last >= D` (it becomes true exactly at
 * `last + D`); `newerThan: D` holds iff `now - last < D` (it becomes false
 * exactly at `last + D`). Both are false for a user who never did it.
 */
export interface RecencyResult {
  value: boolean;
  nextChangeAt: number | null;
  lastOccurredAt: number | null;
}

interface Limits {
  olderThan?: number;
  newerThan?: number;
}

function holdsAt(series: EventSeries, limits: Limits, at: number): boolean {
  const last = lastAtOrBefore(series, at);
  if (last === null) return false;
  const age = at - last;
  if (limits.olderThan !== undefined && age < limits.olderThan) return false;
  if (limits.newerThan !== undefined && age >= limits.newerThan) return false;
  return true;
}

/** Every instant after `now` at which the answer could flip, ascending. */
function candidates(series: EventSeries, limits: Limits, now: number): number[] {
  const last = lastAtOrBefore(series, now);
  const lasts = series.times.filter((t) => t > now);
  if (last !== null) lasts.push(last);
  const out = new Set<number>();
  for (const t of lasts) {
    for (const at of [t, t + (limits.olderThan ?? 0), t + (limits.newerThan ?? 0)]) {
      if (at > now) out.add(at);
    }
  }
  return [...out].sort((a, b) => a - b);
}

export function evaluateRecency(condition: RecencyCondition, state: UserState, now: number): RecencyResult {
  const series = eventSeries(state, condition.event, condition.where);
  const limits: Limits = {
    olderThan: condition.lastAt.olderThan === undefined ? undefined : parseDuration(condition.lastAt.olderThan),
    newerThan: condition.lastAt.newerThan === undefined ? undefined : parseDuration(condition.lastAt.newerThan),
  };
  const value = holdsAt(series, limits, now);
  const nextChangeAt = candidates(series, limits, now).find((at) => holdsAt(series, limits, at) !== value) ?? null;
  return { value, nextChangeAt, lastOccurredAt: lastAtOrBefore(series, now) };
}
