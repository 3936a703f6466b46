/**
 * What a simulation answers: the delivery log (`GET /v1/messages` fields and
 * statuses), the segment entries and exits, the journey runs, and the sends a
 * journey made that never became a message request (a holdout run, an
 * exhausted coupon pool). Times are ISO instants of virtual time.
 */
import type { MessageContent } from '@cairn/messaging-domain';

export type MessageStatus = 'PENDING' | 'SENDING' | 'SENT' | 'FAILED' | 'SUPPRESSED' | 'DEFERRED';

export interface SimMessage {
  userId: string;
  journey: string | null;
  journeyVersion: number | null;
  step: string | null;
  channel: string;
  template: string;
  category: 'promotional' | 'transactional';
  status: MessageStatus;
  reason: string | null;
  content: MessageContent | null;
  createdAt: string;
  sentAt: string | null;
  deferredUntil: string | null;
}

export interface SimSegmentChange {
  userId: string;
  segment: string;
  change: 'entered' | 'exited';
  at: string;
  /** `event` (an event or trait update changed it) or `time` (a window moved on with no new event). */
  cause: 'event' | 'time';
}

export interface SimRun {
  userId: string;
  journey: string;
  version: number;
  status: 'active' | 'completed' | 'exited';
  exitReason: string | null;
  enteredAt: string;
  endedAt: string | null;
  group: 'treatment' | 'holdout';
  /** The step the run waits at (active) or stopped at. */
  step: string | null;
  converted: boolean;
}

export interface SimSkippedSend {
  userId: string;
  journey: string;
  version: number;
  step: string;
  /** `holdout`: the run is in the holdout group; `coupon_unavailable`: the pool is missing or exhausted. */
  reason: 'holdout' | 'coupon_unavailable';
  at: string;
}

/** One line of the timeline a person reads (`--format text`). */
export interface TraceEntry {
  at: number;
  userId?: string;
  what: string;
}

export interface SimulationResult {
  messages: SimMessage[];
  segments: SimSegmentChange[];
  runs: SimRun[];
  skipped: SimSkippedSend[];
}

export interface SimulationReport extends SimulationResult {
  /** Everything that happened, in order, for the timeline. */
  trace: TraceEntry[];
  /** How much work the run did. */
  stats: { users: number; events: number; steps: number; start: number; until: number };
}

export function iso(ms: number): string {
  return new Date(ms).toISOString();
}

export function isoOrNull(ms: number | null | undefined): string | null {
  return ms === null || ms === undefined ? null : iso(ms);
}

/** The JSON a simulation answers (`--format json`, `POST /v1/journeys/:id/simulate`): the four lists, no trace. */
export function resultOf(report: SimulationReport): SimulationResult {
  return { messages: report.messages, segments: report.segments, runs: report.runs, skipped: report.skipped };
}
