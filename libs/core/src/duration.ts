/**
 * Durations are strings: `500ms`, `30s`, `10m`, `1h`, `7d`, `2w`.
 * A bare number is not accepted: the unit must always be explicit.
 */
const UNIT_MS: Record<string, number> = {
  ms: 1,
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};

const DURATION_RE = /^(\d{1,9})(ms|s|m|h|d|w)$/;

export type Duration = string;

export function isDuration(value: unknown): value is Duration {
  return typeof value === 'string' && DURATION_RE.test(value);
}

/** Parses a duration string to milliseconds; throws a RangeError on anything else. */
export function parseDuration(value: string): number {
  const match = typeof value === 'string' ? DURATION_RE.exec(value) : null;
  if (!match) {
    throw new RangeError(`invalid duration ${JSON.stringify(value)}: expected a number followed by ms, s, m, h, d or w`);
  }
  return Number(match[1]) * UNIT_MS[match[2]];
}

/**
 * The longest duration any definition may name (windows, waits, timeouts,
 * goals, cool-downs, event ages): 2 years (730 days). Longer is refused at
 * validation, so no computed instant leaves the range a Date can hold.
 */
export const MAX_DURATION_MS = 730 * UNIT_MS.d;

/** Why `value` is not a positive duration of at most MAX_DURATION_MS, or undefined when it is one. */
export function durationProblem(value: unknown): string | undefined {
  if (!isDuration(value)) return 'must be a duration such as 30s, 10m, 1h, 7d or 2w';
  const ms = parseDuration(value);
  if (ms <= 0) return 'must be longer than zero';
  if (ms > MAX_DURATION_MS) return 'must be at most 730d (2 years)';
  return undefined;
}

/** Like parseDuration but returns undefined instead of throwing. */
export function tryParseDuration(value: unknown): number | undefined {
  return isDuration(value) ? parseDuration(value) : undefined;
}

export function formatDuration(ms: number): Duration {
  for (const unit of ['w', 'd', 'h', 'm', 's'] as const) {
    if (ms > 0 && ms % UNIT_MS[unit] === 0) return `${ms / UNIT_MS[unit]}${unit}`;
  }
  return `${ms}ms`;
}
