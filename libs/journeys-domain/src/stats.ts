/**
 * Journey stats: conversion for the treatment and holdout groups and the
 * uplift between them. A rate with no entrants is null, never NaN or Infinity.
 */
import type { JourneyRun, RunGroup } from './run';

export interface GroupCounts {
  entered: number;
  converted: number;
  active: number;
  completed: number;
  exited: number;
}

export interface GroupStats extends GroupCounts {
  /** converted / entered, or null when nobody entered. */
  conversionRate: number | null;
}

export interface JourneyStats {
  treatment: GroupStats;
  holdout: GroupStats;
  uplift: {
    /** treatment rate − holdout rate (percentage points as a fraction), null without both rates. */
    absolute: number | null;
    /** (treatment rate − holdout rate) / holdout rate, null when the holdout rate is null or zero. */
    relative: number | null;
  };
}

export function emptyCounts(): GroupCounts {
  return { entered: 0, converted: 0, active: 0, completed: 0, exited: 0 };
}

export function conversionRate(converted: number, entered: number): number | null {
  return entered > 0 ? converted / entered : null;
}

/** Counts runs per group; every run counts as one entrant. */
export function countRuns(runs: Iterable<Pick<JourneyRun, 'group' | 'status' | 'converted'>>): Record<RunGroup, GroupCounts> {
  const counts: Record<RunGroup, GroupCounts> = { treatment: emptyCounts(), holdout: emptyCounts() };
  for (const run of runs) {
    const group = counts[run.group];
    group.entered += 1;
    group[run.status] += 1;
    if (run.converted) group.converted += 1;
  }
  return counts;
}

export function journeyStats(counts: Record<RunGroup, Partial<GroupCounts>>): JourneyStats {
  const treatment = withRate(counts.treatment);
  const holdout = withRate(counts.holdout);
  const t = treatment.conversionRate;
  const h = holdout.conversionRate;
  return {
    treatment,
    holdout,
    uplift: {
      absolute: t !== null && h !== null ? t - h : null,
      relative: t !== null && h !== null && h > 0 ? (t - h) / h : null,
    },
  };
}

function withRate(partial: Partial<GroupCounts>): GroupStats {
  const counts = { ...emptyCounts(), ...partial };
  return { ...counts, conversionRate: conversionRate(counts.converted, counts.entered) };
}

/** Send records of one version counted by status (`requested`, `holdout` or an outcome) and reason, with what receipts said of them. */
export interface SendCount {
  status: string;
  reason: string | null;
  n: number;
  delivered?: number;
  opened?: number;
  clicked?: number;
  hardBounced?: number;
  softBounced?: number;
  complained?: number;
  /** Sent through their fallback channel (the primary could not reach the recipient). */
  viaFallback?: number;
}

/** What became of a version's message requests, from the outcomes messaging reported. */
export interface DeliveryStats {
  /** Requests published to messaging (a holdout run's skipped send is not one). */
  requested: number;
  /** Requested, no outcome yet. */
  awaitingOutcome: number;
  sent: number;
  /** Deferred (by quiet hours, night-time consent or a cap) and not yet sent, suppressed or failed. */
  deferred: number;
  suppressed: number;
  failed: number;
  /** Suppressed requests by reason (`frequency_cap`, `no_consent`, …). */
  suppressedByReason: Record<string, number>;
  failedByReason: Record<string, number>;
  /** What providers' delivery receipts said of the sent messages (each message counted once per kind). */
  delivered: number;
  opened: number;
  clicked: number;
  bounced: { hard: number; soft: number };
  complained: number;
  /** Sent through their fallback channel (AlimTalk refused, SMS sent). */
  viaFallback: number;
}

const OUTCOMES = ['sent', 'deferred', 'suppressed', 'failed'] as const;
type Outcome = (typeof OUTCOMES)[number];

/** Sums send records into requested / sent / deferred / suppressed / failed, with reasons; a missing reason counts as `unknown`. */
export function deliveryStats(rows: Iterable<SendCount>): DeliveryStats {
  const out: DeliveryStats = {
    requested: 0,
    awaitingOutcome: 0,
    sent: 0,
    deferred: 0,
    suppressed: 0,
    failed: 0,
    suppressedByReason: {},
    failedByReason: {},
    delivered: 0,
    opened: 0,
    clicked: 0,
    bounced: { hard: 0, soft: 0 },
    complained: 0,
    viaFallback: 0,
  };
  for (const row of rows) {
    const { status, reason, n } = row;
    if (status === 'holdout') continue;
    addReceipts(out, row);
    out.requested += n;
    if (status === 'requested') out.awaitingOutcome += n;
    if (!OUTCOMES.includes(status as Outcome)) continue;
    out[status as Outcome] += n;
    const byReason = status === 'suppressed' ? out.suppressedByReason : status === 'failed' ? out.failedByReason : undefined;
    if (byReason) byReason[reason ?? 'unknown'] = (byReason[reason ?? 'unknown'] ?? 0) + n;
  }
  return out;
}

function addReceipts(out: DeliveryStats, row: SendCount): void {
  out.delivered += row.delivered ?? 0;
  out.opened += row.opened ?? 0;
  out.clicked += row.clicked ?? 0;
  out.bounced.hard += row.hardBounced ?? 0;
  out.bounced.soft += row.softBounced ?? 0;
  out.complained += row.complained ?? 0;
  out.viaFallback += row.viaFallback ?? 0;
}
