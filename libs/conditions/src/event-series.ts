import type { WhereFilter } from './condition.types';
import { matchesWhere } from './operators';
import type { UserState } from './user-state';

/**
 * The occurrences of one event name that pass a `where` filter, as the
 * evaluator needs them: sorted timestamps of the retained ones, plus what
 * pruning took away. Pruned occurrences are only known through the lifetime
 * totals, which carry no properties, so they count only for unfiltered
 * conditions.
 */
export interface EventSeries {
  /** Timestamps of retained matching occurrences, ascending. */
  times: number[];
  /** Matching occurrences pruned from the state; all lie before any evaluation instant. */
  pruned: number;
  /** The lifetime last timestamp, when the totals apply (no filter). */
  totalsLastAt: number | null;
}

export function eventSeries(state: UserState, event: string, where: WhereFilter | undefined): EventSeries {
  const times: number[] = [];
  for (const e of state.events) {
    if (e.name === event && matchesWhere(where, e.properties)) times.push(e.at);
  }
  const total = where === undefined && Object.hasOwn(state.totals, event) ? state.totals[event] : undefined;
  return {
    times,
    pruned: total ? Math.max(0, total.count - times.length) : 0,
    totalsLastAt: total ? total.lastAt : null,
  };
}

/** Number of timestamps `<= t` in an ascending list. */
export function countAtOrBefore(times: readonly number[], t: number): number {
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (times[mid] <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The last occurrence at or before `t`, or null when there is none. */
export function lastAtOrBefore(series: EventSeries, t: number): number | null {
  const index = countAtOrBefore(series.times, t) - 1;
  if (index >= 0) return series.times[index];
  // Only reachable when pruning kept no current occurrence; the totals still know.
  if (series.pruned > 0 && series.totalsLastAt !== null && series.totalsLastAt <= t) return series.totalsLastAt;
  return null;
}
