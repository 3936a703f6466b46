import type { EvaluationContext } from './evaluate';
import { applyEvent, emptyUserState, type UserState } from './user-state';

/** Test support only: compact builders for states and instants. */
export const MINUTE = 60_000;
export const HOUR = 3_600_000;
export const DAY = 86_400_000;
export const T0 = Date.UTC(2026, 0, 1);

export const noSegments: EvaluationContext = { isMember: () => false };

export function memberOf(...keys: string[]): EvaluationContext {
  return { isMember: (key) => keys.includes(key) };
}

export function withEvents(events: Array<[name: string, at: number, properties?: Record<string, unknown>]>, base = emptyUserState()): UserState {
  return events.reduce((state, [name, at, properties]) => applyEvent(state, { name, at, properties: properties ?? {} }), base);
}

/** Deterministic pseudo-random numbers for property-style tests (the one generator of libs/core). */
export { seededRandom } from '@cairn/core';
