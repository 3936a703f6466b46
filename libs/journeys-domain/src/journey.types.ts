/**
 * The journey language (docs/design.md §7): a versioned graph with an entry, steps,
 * exit criteria, a conversion goal, a holdout share and a re-entry rule.
 * These are the normalised shapes `validateJourney` returns.
 */
import type { PropertyPredicate } from '@cairn/conditions';
import type { Duration } from '@cairn/core';

export type Scalar = string | number | boolean | null;

/**
 * property (or dotted path) → a value (equality) or an operator object, kept
 * as written; operators, operands and matching are `@cairn/conditions'`.
 */
export type Where = Record<string, Scalar | unknown[] | PropertyPredicate>;

export interface EventEntry {
  event: string;
  where?: Where;
  maxEventAge?: Duration;
}

export interface SegmentEntry {
  segment: string;
  on: 'enter' | 'exit';
}

export interface CatalogAudience {
  event: string;
  matchItem: string;
  within: Duration;
  notFollowedBy?: string;
}

export interface CatalogEntry {
  catalogEvent: string;
  where?: Where;
  maxEventAge?: Duration;
  audience: CatalogAudience;
}

export interface ScheduleEntry {
  /** A 5-field cron expression, evaluated in the workspace time zone. */
  schedule: string;
  segment: string;
}

export type JourneyEntry = EventEntry | SegmentEntry | CatalogEntry | ScheduleEntry;
export type EntryKind = 'event' | 'segment' | 'catalog' | 'schedule';

export type ReentryRule = { mode: 'once' } | { mode: 'cooldown'; cooldown: Duration } | { mode: 'always' };

export interface ExitCriterion {
  event: string;
  where?: Where;
}

export interface JourneyGoal {
  event: string;
  where?: Where;
  within: Duration;
}

/**
 * A branch condition: `{ segment: key }`, a trait condition, or `all`/`any`/
 * `not` over them, in the condition language of `@cairn/conditions`, kept as
 * written (event and recency conditions are refused: journeys keeps no event
 * history). The engine receives the answer through its facts.
 */
export type BranchCondition = Record<string, unknown>;

/** `next: null` ends the run. */
export type StepTarget = string | null;

export interface WaitStep {
  type: 'wait';
  /** Exactly one of `duration` and `until` ("HH:MM" in the user's time zone). */
  duration?: Duration;
  until?: string;
  next: StepTarget;
}

export interface WaitUntilStep {
  type: 'waitUntil';
  event: string;
  /** Values may be references into the run context: `{{ entry.properties.cartId }}`. */
  match?: Where;
  timeout: Duration;
  onEvent: StepTarget;
  onTimeout: StepTarget;
}

export interface BranchStep {
  type: 'branch';
  if: BranchCondition;
  then: StepTarget;
  else: StepTarget;
}

export interface SplitPath {
  weight: number;
  next: StepTarget;
}

export interface SplitStep {
  type: 'split';
  paths: SplitPath[];
}

export type MessageCategory = 'promotional' | 'transactional';

export interface SendStep {
  type: 'send';
  channel: string;
  template: string;
  category: MessageCategory;
  coupon?: { pool: string };
  /**
   * Where the message goes instead when the channel's provider answers that
   * the recipient cannot receive it (AlimTalk → SMS/LMS); informational
   * (transactional) messages only.
   */
  fallback?: { channel: string; template: string };
  next: StepTarget;
}

export interface ExitStep {
  type: 'exit';
}

export type JourneyStep = WaitStep | WaitUntilStep | BranchStep | SplitStep | SendStep | ExitStep;
export type StepType = JourneyStep['type'];
export const STEP_TYPES: readonly StepType[] = ['wait', 'waitUntil', 'branch', 'split', 'send', 'exit'];

export interface JourneyDefinition {
  key: string;
  name: string;
  description?: string;
  entry: JourneyEntry;
  reentry: ReentryRule;
  exitOn: ExitCriterion[];
  goal?: JourneyGoal;
  /** Share of entrants kept as a holdout group, 0 to 0.5. */
  holdout: number;
  start: string;
  steps: Record<string, JourneyStep>;
}

export function entryKind(entry: JourneyEntry): EntryKind {
  if ('catalogEvent' in entry) return 'catalog';
  if ('schedule' in entry) return 'schedule';
  if ('segment' in entry) return 'segment';
  return 'event';
}

/** Every outgoing edge of a step, with the field that names it. */
export function stepTargets(step: JourneyStep): Array<{ field: string; target: StepTarget }> {
  switch (step.type) {
    case 'wait':
    case 'send':
      return [{ field: 'next', target: step.next }];
    case 'waitUntil':
      return [
        { field: 'onEvent', target: step.onEvent },
        { field: 'onTimeout', target: step.onTimeout },
      ];
    case 'branch':
      return [
        { field: 'then', target: step.then },
        { field: 'else', target: step.else },
      ];
    case 'split':
      return step.paths.map((path, i) => ({ field: `paths.${i}.next`, target: path.next }));
    case 'exit':
      return [];
  }
}

/** Steps that make the run wait; a cycle must pass through one of them. */
export function isWaitingStep(step: JourneyStep): boolean {
  return step.type === 'wait' || step.type === 'waitUntil';
}
