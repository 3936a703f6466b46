import { metricsRegistry } from '@cairn/observability';
import { Counter } from 'prom-client';

export type EvaluationCause = 'event' | 'time' | 'backfill' | 'identity';

/** Segment evaluations (one per segment per user), by what triggered them. */
export const segmentEvaluations = new Counter({
  name: 'cairn_segments_evaluations_total',
  help: 'Segment condition evaluations (one per segment and user), by cause: event, time, backfill or identity.',
  labelNames: ['cause'],
  registers: [metricsRegistry],
});

export const segmentTransitions = new Counter({
  name: 'cairn_segments_membership_changes_total',
  help: 'Segment entries and exits published, by change and cause.',
  labelNames: ['change', 'cause'],
  registers: [metricsRegistry],
});
