/**
 * The confidence interval of a journey's uplift: the difference between the
 * treatment group's conversion rate and the holdout group's, p₁ − p₂, for two
 * independent groups.
 *
 * Method: Newcombe's hybrid score interval (Newcombe 1998, method 10), built
 * from the Wilson score interval of each rate. Unlike the simple Wald
 * interval (p₁ − p₂ ± z·√(p₁q₁/n₁ + p₂q₂/n₂)) it stays inside [−1, 1], does
 * not collapse to a single point when a group converts 0 % or 100 %, and
 * keeps close to its nominal coverage with the small groups a holdout of
 * 5–10 % produces. Pure: counts in, numbers out.
 */

export interface GroupConversions {
  entered: number;
  converted: number;
}

export interface Interval {
  lower: number;
  upper: number;
}

export interface UpliftInterval extends Interval {
  /** p₁ − p₂: the treatment rate minus the holdout rate. */
  difference: number;
  /** The two-sided confidence level, e.g. 0.95. */
  confidence: number;
  method: 'newcombe-wilson';
}

export const UPLIFT_METHOD = 'newcombe-wilson' as const;

/**
 * The standard normal quantile Φ⁻¹(p) for 0 < p < 1, by Acklam's rational
 * approximation (relative error below 1.2e-9), enough for confidence levels.
 */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError('p must be strictly between 0 and 1');
  const a = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
  const b = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
  const c = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
  const low = 0.02425;
  if (p < low) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  if (p > 1 - low) return -normalQuantile(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
}

/** Wilson's score interval of `converted / entered` at the normal quantile `z`. */
export function wilsonInterval(group: GroupConversions, z: number): Interval {
  const n = group.entered;
  const p = group.converted / n;
  const z2 = z * z;
  const centre = p + z2 / (2 * n);
  const spread = z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  const scale = 1 + z2 / n;
  return { lower: Math.max(0, (centre - spread) / scale), upper: Math.min(1, (centre + spread) / scale) };
}

/** Why the counts cannot give an interval, or undefined when they can. */
export function upliftProblem(treatment: GroupConversions, holdout: GroupConversions): string | undefined {
  for (const [name, g] of [
    ['treatment', treatment],
    ['holdout', holdout],
  ] as const) {
    if (!Number.isInteger(g.entered) || !Number.isInteger(g.converted) || g.converted < 0 || g.converted > g.entered) {
      return `${name}: converted must be an integer from 0 to entered`;
    }
    if (g.entered === 0) return `${name}: nobody entered`;
  }
  return undefined;
}

/**
 * Newcombe's hybrid score interval for treatment rate − holdout rate at the
 * two-sided `confidence` (0.5 to 0.999); null when a group has no entrants.
 */
export function upliftInterval(treatment: GroupConversions, holdout: GroupConversions, confidence = 0.95): UpliftInterval | null {
  if (!(confidence >= 0.5 && confidence <= 0.999)) throw new RangeError('confidence must be from 0.5 to 0.999');
  if (upliftProblem(treatment, holdout)) return null;
  const z = normalQuantile(1 - (1 - confidence) / 2);
  const p1 = treatment.converted / treatment.entered;
  const p2 = holdout.converted / holdout.entered;
  const w1 = wilsonInterval(treatment, z);
  const w2 = wilsonInterval(holdout, z);
  const difference = p1 - p2;
  const lower = difference - Math.sqrt((p1 - w1.lower) ** 2 + (w2.upper - p2) ** 2);
  const upper = difference + Math.sqrt((w1.upper - p1) ** 2 + (p2 - w2.lower) ** 2);
  return { difference, lower: Math.max(-1, lower), upper: Math.min(1, upper), confidence, method: UPLIFT_METHOD };
}
