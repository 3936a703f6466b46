/**
 * A run: one user's pass through one version of a journey. Stored as a row
 * keyed by (journey, user, episode); the engine returns a new run rather than
 * changing the one it is given.
 */
import { parseDuration, stableUnitInterval } from '@cairn/core';
import type { EntryKind, JourneyDefinition, Where } from './journey.types';

export type RunStatus = 'active' | 'completed' | 'exited';
export type RunGroup = 'treatment' | 'holdout';

/** The event or membership change that started the run (`entry` in templates). */
export interface EntryContext {
  kind: EntryKind;
  /** Event name (event and catalog entries). */
  event?: string;
  /** Segment key (segment and schedule entries). */
  segment?: string;
  /** Segment entries: whether the user entered or left the segment. */
  change?: 'enter' | 'exit';
  /** The triggering message, when there is one; the engine never treats it as a later event. */
  messageId?: string;
  properties: Record<string, unknown>;
  /** When the trigger happened (epoch ms, producer time for events). */
  at: number;
}

export interface RunContext {
  entry: EntryContext;
  /** User traits at entry. */
  user: Record<string, unknown>;
  /**
   * When the user id had been erased before this run began, the time of that erasure (epoch ms): the run is
   * the new person's. Its sends carry it, so messaging can tell them from requests made for the erased person.
   */
  personSince?: number;
}

export interface RunWaiting {
  kind: 'timer' | 'event';
  step: string;
  /** The occurrence of `step` the pending timer belongs to. */
  occurrence: number;
  /** Due time of the pending timer (the wait's end or the waitUntil timeout), epoch ms. */
  until: number;
  /** waitUntil: the awaited event name. */
  event?: string;
  /** waitUntil: the match with its references resolved against the run context. */
  match?: Where;
  /** waitUntil: match properties whose reference did not resolve; the match can then never succeed. */
  unresolved?: string[];
}

export interface JourneyRun {
  id: string;
  journeyKey: string;
  version: number;
  userId: string;
  episode: number;
  status: RunStatus;
  /** The step the run is at (or last stopped at); null before the start and after the end. */
  step: string | null;
  group: RunGroup;
  enteredAt: number;
  context: RunContext;
  /** How many times each step has been entered; the n-th visit is occurrence n. */
  occurrences: Record<string, number>;
  waiting?: RunWaiting;
  /** End of the goal window (exclusive), epoch ms, when the journey has a goal. */
  goalDeadline?: number;
  converted?: boolean;
  convertedAt?: number;
  endedAt?: number;
  exitReason?: string;
}

export interface NewRun {
  id: string;
  version: number;
  userId: string;
  episode: number;
  context: RunContext;
}

/** Whether a user falls in the journey's holdout: deterministic per (journey, user). */
export function holdoutGroup(journeyKey: string, userId: string, holdout: number): RunGroup {
  return holdout > 0 && stableUnitInterval(journeyKey, 'holdout', userId) < holdout ? 'holdout' : 'treatment';
}

/** A fresh active run that has not taken its first step; feed it `{ kind: 'start' }`. */
export function createRun(def: JourneyDefinition, params: NewRun, now: number): JourneyRun {
  const run: JourneyRun = {
    id: params.id,
    journeyKey: def.key,
    version: params.version,
    userId: params.userId,
    episode: params.episode,
    status: 'active',
    step: null,
    group: holdoutGroup(def.key, params.userId, def.holdout),
    enteredAt: now,
    context: params.context,
    occurrences: {},
  };
  if (def.goal) run.goalDeadline = now + parseDuration(def.goal.within);
  return run;
}

export function isGoalWindowOpen(run: JourneyRun, at: number): boolean {
  return run.goalDeadline !== undefined && at >= run.context.entry.at && at < run.goalDeadline;
}
