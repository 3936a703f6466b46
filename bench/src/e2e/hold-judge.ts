/** One backlog sample of a hold: seconds since its start, the largest stage backlog, and where it was. */
export interface BacklogSample {
  s: number;
  largest: number;
  where: string;
}

export interface HoldVerdict {
  held: boolean;
  /** The largest backlog of one stage over the second half of the hold, in messages. */
  maxLag: number;
  bound: number;
  /** Mean largest backlog over the last third minus over the middle third. */
  growth: number;
  growthBound: number;
  /** Where the lag was at the worst sample of the second half. */
  where: string;
}

/** A hold is not held when its backlog grew by more than this many seconds of events from the middle third to the last. */
export const GROWTH_SECONDS = 2;

const mean = (xs: number[]) => (xs.length === 0 ? 0 : xs.reduce((a, b) => a + b, 0) / xs.length);

/**
 * Whether a hold at `rate` events/s for `seconds` kept up: over its second
 * half no stage was more than `boundSeconds` worth of events behind, the
 * backlog did not grow (its mean over the last third exceeds the middle
 * third's by at most GROWTH_SECONDS of events; the pipeline filling up at
 * the start stays under that), and no event was refused.
 */
export function judgeHold(samples: BacklogSample[], rate: number, seconds: number, boundSeconds: number, refused: number): HoldVerdict {
  const bound = Math.round(rate * boundSeconds);
  const late = samples.filter((x) => x.s >= seconds / 2);
  const worst = late.reduce((a, b) => (b.largest > a.largest ? b : a), late[0] ?? { s: 0, largest: 0, where: 'none' });
  const third = (k: number) => samples.filter((x) => x.s >= (k * seconds) / 3 && (k === 2 || x.s < ((k + 1) * seconds) / 3)).map((x) => x.largest);
  const growth = Math.round(mean(third(2)) - mean(third(1)));
  const growthBound = Math.round(rate * GROWTH_SECONDS);
  const held = late.length > 0 && worst.largest <= bound && growth <= growthBound && refused === 0;
  return { held, maxLag: worst.largest, bound, growth, growthBound, where: worst.where };
}
