import { parseDuration } from '@cairn/core';
import { isAll, isAny, isEventCount, isNot, isRecency, isSegmentRef, isTrait, type Condition } from './condition.types';
import type { Retention } from './user-state';

/** Visits every leaf of a condition tree. */
export function forEachLeaf(condition: Condition, visit: (leaf: Condition) => void): void {
  if (isAll(condition)) condition.all.forEach((c) => forEachLeaf(c, visit));
  else if (isAny(condition)) condition.any.forEach((c) => forEachLeaf(c, visit));
  else if (isNot(condition)) forEachLeaf(condition.not, visit);
  else visit(condition);
}

/** Event names whose arrival can change the answer: the index from event name to segments. */
export function referencedEvents(condition: Condition): Set<string> {
  const names = new Set<string>();
  forEachLeaf(condition, (leaf) => {
    if (isEventCount(leaf) || isRecency(leaf)) names.add(leaf.event);
  });
  return names;
}

export function referencedTraits(condition: Condition): Set<string> {
  const names = new Set<string>();
  forEachLeaf(condition, (leaf) => {
    if (isTrait(leaf)) names.add(leaf.trait);
  });
  return names;
}

/** Segments this one depends on: re-evaluate it when their membership changes. */
export function referencedSegments(condition: Condition): Set<string> {
  const keys = new Set<string>();
  forEachLeaf(condition, (leaf) => {
    if (isSegmentRef(leaf)) keys.add(leaf.segment);
  });
  return keys;
}

/**
 * How long one leaf needs the occurrences of its event, in ms or `'ever'`:
 * - a windowed count needs its window;
 * - an unfiltered "ever" count or unfiltered recency needs nothing beyond the
 *   lifetime totals and the latest occurrence, which `prune` always keeps: 0;
 * - a filtered "ever" count needs every matching occurrence: `'ever'`;
 * - a filtered recency needs the last matching occurrence: its `newerThan`
 *   window when that is its only bound (an older last time fails anyway),
 *   otherwise `'ever'`.
 */
function leafRetention(leaf: Condition): number | 'ever' | undefined {
  if (isEventCount(leaf)) {
    if (leaf.within !== undefined) return parseDuration(leaf.within);
    return leaf.where === undefined ? 0 : 'ever';
  }
  if (isRecency(leaf)) {
    if (leaf.where === undefined) return 0;
    const { olderThan, newerThan } = leaf.lastAt;
    return olderThan === undefined && newerThan !== undefined ? parseDuration(newerThan) : 'ever';
  }
  return undefined;
}

function longer(a: number | 'ever' | undefined, b: number | 'ever'): number | 'ever' {
  if (a === undefined) return b;
  if (a === 'ever' || b === 'ever') return 'ever';
  return Math.max(a, b);
}

/** Retention per referenced event name across all conditions: the longest need wins. */
export function retentionFor(conditions: readonly Condition[]): Retention {
  const retention: Retention = {};
  for (const condition of conditions) {
    forEachLeaf(condition, (leaf) => {
      const need = leafRetention(leaf);
      if (need === undefined || !(isEventCount(leaf) || isRecency(leaf))) return;
      const current = Object.hasOwn(retention, leaf.event) ? retention[leaf.event] : undefined;
      retention[leaf.event] = longer(current, need);
    });
  }
  return retention;
}
