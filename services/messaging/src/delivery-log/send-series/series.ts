/**
 * Time buckets of the send series, pure: aligned on the Unix epoch (as
 * Postgres' `date_bin(…, TIMESTAMPTZ 'epoch')`), every bucket present, empty
 * ones with zero counts.
 */
export const SERIES_STATUSES = ['PENDING', 'SENDING', 'SENT', 'FAILED', 'SUPPRESSED', 'DEFERRED'] as const;
export type SeriesStatus = (typeof SERIES_STATUSES)[number];
export type StatusCounts = Record<SeriesStatus, number>;

/**
 * The status a message counts under in the series: a message a delivery
 * receipt moved on (DELIVERED, OPENED, …) was sent, and counts as SENT.
 */
export function seriesStatus(status: string): SeriesStatus | undefined {
  if ((SERIES_STATUSES as readonly string[]).includes(status)) return status as SeriesStatus;
  return ['DELIVERED', 'BOUNCED', 'OPENED', 'CLICKED', 'COMPLAINED'].includes(status) ? 'SENT' : undefined;
}

export const MIN_BUCKET_MS = 60_000;
export const MAX_WINDOW_MS = 90 * 86_400_000;
export const MAX_BUCKETS = 1_000;

export interface SeriesPoint {
  /** Start of the bucket. */
  at: string;
  counts: StatusCounts;
}

export function zeroCounts(): StatusCounts {
  return { PENDING: 0, SENDING: 0, SENT: 0, FAILED: 0, SUPPRESSED: 0, DEFERRED: 0 };
}

/** The bucket holding `t`: its start, a multiple of `bucketMs` since the epoch. */
export function bucketStart(t: number, bucketMs: number): number {
  return Math.floor(t / bucketMs) * bucketMs;
}

/** Why a window and bucket cannot make a series, with the field at fault, or undefined. */
export function seriesProblem(windowMs: number, bucketMs: number): { path: string; message: string } | undefined {
  if (windowMs < MIN_BUCKET_MS || windowMs > MAX_WINDOW_MS) return { path: 'window', message: 'must be a duration from 1m to 90d' };
  if (bucketMs < MIN_BUCKET_MS || bucketMs > windowMs) return { path: 'bucket', message: 'must be a duration from 1m up to the window' };
  if (Math.ceil(windowMs / bucketMs) > MAX_BUCKETS)
    return { path: 'bucket', message: `makes more than ${MAX_BUCKETS} buckets in the window; use a longer bucket` };
  return undefined;
}

/** Every bucket from the one holding `from` to the one holding `to`, filled from the counted rows. */
export function fillSeries(from: number, to: number, bucketMs: number, rows: Array<{ at: Date | string; status: string; n: number }>): SeriesPoint[] {
  const points = new Map<number, StatusCounts>();
  for (let t = bucketStart(from, bucketMs); t <= to; t += bucketMs) points.set(t, zeroCounts());
  for (const row of rows) {
    const counts = points.get(bucketStart(new Date(row.at).getTime(), bucketMs));
    const status = seriesStatus(row.status);
    if (counts && status) counts[status] += row.n;
  }
  return [...points].map(([at, counts]) => ({ at: new Date(at).toISOString(), counts }));
}
