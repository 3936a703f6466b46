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

/** Deterministic pseudo-random numbers (mulberry32) for property-style tests. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
