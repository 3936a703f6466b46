/** Workload sizes per mode. Quick mode is for a laptop or CI (under 5 minutes on 2 cores); the summary states which ran. */
export const SIZES = {
  quick: { b1Messages: 30_000, latencyRate: 100, latencySeconds: 10, ingestEvents: 20_000, ingestBatch: 100, ingestConcurrency: 8, copyRows: 100_000, selectSeconds: 5, capUsers: 50, timerFire: 1_000, timerBackground: 99_000, segmentUsers: 50_000, segmentDue: 1_000, segmentSpreadS: 15 },
  full: { b1Messages: 200_000, latencyRate: 100, latencySeconds: 30, ingestEvents: 100_000, ingestBatch: 100, ingestConcurrency: 8, copyRows: 500_000, selectSeconds: 15, capUsers: 200, timerFire: 10_000, timerBackground: 990_000, segmentUsers: 1_000_000, segmentDue: 10_000, segmentSpreadS: 60 },
} as const;
export type Sizes = (typeof SIZES)['quick'] | (typeof SIZES)['full'];
