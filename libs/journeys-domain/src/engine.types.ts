/**
 * Inputs, facts and effects of the pure step engine.
 */
import type { BranchCondition, MessageCategory } from './journey.types';
import type { JourneyRun } from './run';

export interface JourneyEvent {
  name: string;
  properties?: Record<string, unknown>;
  /** When it happened, epoch ms (the producer's timestamp). */
  at: number;
  messageId?: string;
}

export type EngineInput =
  | { kind: 'start' }
  /** A durable timer came due; it names the step and occurrence it was scheduled for. */
  | { kind: 'timer'; step: string; occurrence: number }
  | { kind: 'event'; event: JourneyEvent };

/** What the engine cannot compute itself. */
export interface EngineFacts {
  /** The user's IANA time zone (the `timezone` trait, else the workspace default). */
  timezone: string;
  /** Answers a branch condition for this user at `now` (epoch ms). */
  evaluateCondition(condition: BranchCondition, now: number): boolean;
}

export interface ScheduleTimerEffect {
  type: 'scheduleTimer';
  step: string;
  occurrence: number;
  dueAt: number;
}

/** Cancel every pending timer of the run. */
export interface CancelTimersEffect {
  type: 'cancelTimers';
}

export interface SendEffect {
  type: 'send';
  /** stableId(runId, step, occurrence): the same visit always has the same key. */
  idempotencyKey: string;
  step: string;
  occurrence: number;
  channel: string;
  template: string;
  category: MessageCategory;
  coupon?: { pool: string };
  /** The step's fallback: sent by messaging when the channel cannot reach the recipient. */
  fallback?: { channel: string; template: string };
}

/** A holdout run reached a send step: nothing is sent, the walk goes on. */
export interface HoldoutSkippedEffect {
  type: 'holdoutSkipped';
  step: string;
  occurrence: number;
}

export interface CompletedEffect {
  type: 'completed';
}

export type ExitReason = 'exit_criteria' | 'exit_step' | 'unknown_step' | 'step_limit';

export interface ExitedEffect {
  type: 'exited';
  reason: ExitReason;
  /** exit_criteria: the event that matched. */
  event?: string;
  /** exit_step / unknown_step: the step at fault or reached. */
  step?: string;
}

export interface ConvertedEffect {
  type: 'converted';
  /** When the goal event happened. */
  at: number;
}

/** Effects are to be applied in order (a cancelTimers precedes any new scheduleTimer). */
export type Effect = ScheduleTimerEffect | CancelTimersEffect | SendEffect | HoldoutSkippedEffect | CompletedEffect | ExitedEffect | ConvertedEffect;

export interface AdvanceResult {
  run: JourneyRun;
  effects: Effect[];
}
