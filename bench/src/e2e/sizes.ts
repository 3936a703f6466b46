/** Sizes of the end-to-end phases per mode (quick: a reduced sweep, labelled as such in the table). */
export const E2E_SIZES = {
  quick: {
    users: 10_000,
    /** Events of the burst whose drain rate is the first estimate of the maximum. */
    probeEvents: 2_000,
    holdSeconds: 12,
    /** Holds of the search for the highest rate with bounded lag (throughput.ts searchMaxRate). */
    holdTries: 3,
    /** Lag bound: no stage more than this many seconds' worth of events behind at the held rate. */
    lagBoundSeconds: 10,
    /** M3.half's measured seconds, after as many at the same rate to warm up. */
    halfSeconds: 10,
    /** Events of each burst; every configuration is measured `sweepRounds` times, alternating, and the mean kept. */
    sweepEvents: 1_500,
    sweepRounds: 2,
    sweep: [
      { users: 10_000, segments: 10 },
      { users: 100_000, segments: 100 },
    ],
    sweepNote: 'quick: 100,000 users × 100 segments instead of 1,000,000 × 500, and the two corners only',
  },
  full: {
    users: 100_000,
    probeEvents: 15_000,
    holdSeconds: 120,
    holdTries: 3,
    lagBoundSeconds: 10,
    halfSeconds: 30,
    sweepEvents: 6_000,
    sweepRounds: 2,
    sweep: [
      { users: 10_000, segments: 10 },
      { users: 10_000, segments: 500 },
      { users: 1_000_000, segments: 10 },
      { users: 1_000_000, segments: 500 },
    ],
    sweepNote: '',
  },
} as const;
export type E2eSizes = (typeof E2E_SIZES)['quick'] | (typeof E2E_SIZES)['full'];

/** Segments of every sweep configuration that reference the hot event. */
export const SWEEP_HOT_SEGMENTS = 10;
