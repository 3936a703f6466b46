import { normalQuantile, upliftInterval, upliftProblem, wilsonInterval } from './uplift-interval';

const g = (converted: number, entered: number) => ({ converted, entered });

describe('normalQuantile', () => {
  it.each([
    [0.975, 1.959964],
    [0.95, 1.644854],
    [0.995, 2.575829],
    [0.5, 0],
    [0.01, -2.326348],
  ])('Φ⁻¹(%s) = %s', (p, z) => {
    expect(normalQuantile(p)).toBeCloseTo(z, 5);
  });

  it('refuses p outside (0, 1)', () => {
    expect(() => normalQuantile(0)).toThrow(RangeError);
    expect(() => normalQuantile(1)).toThrow(RangeError);
  });
});

describe('wilsonInterval', () => {
  it('matches the published score interval of 81 / 263 at 95 % (Wilson)', () => {
    const w = wilsonInterval(g(81, 263), 1.959964);
    expect(w.lower).toBeCloseTo(0.2553, 4);
    expect(w.upper).toBeCloseTo(0.3662, 4);
  });

  it('is not degenerate at 0 % and 100 %', () => {
    const none = wilsonInterval(g(0, 10), 1.959964);
    const all = wilsonInterval(g(10, 10), 1.959964);
    expect(none.lower).toBe(0);
    expect(none.upper).toBeCloseTo(0.2775, 4);
    expect(all.lower).toBeCloseTo(0.7225, 4);
    expect(all.upper).toBeCloseTo(1, 10);
  });
});

describe('upliftInterval (Newcombe 1998, method 10)', () => {
  // (a) Newcombe, "Interval estimation for the difference between independent proportions", Stat. Med. 17 (1998), table II,
  //     method 10; (b) Fagerland, Lydersen & Laake, "Statistical Analysis of Contingency Tables" (2017), the Perondi et al.
  //     (2004) trial, 7/34 vs 1/34: 0.1765 (95 % CI 0.0189 to 0.3404).
  it.each([
    [g(56, 70), g(48, 80), 0.2, 0.0524, 0.3339],
    [g(7, 34), g(1, 34), 0.1765, 0.0189, 0.3404],
  ])('%o vs %o: difference %s, 95 %% interval [%s, %s]', (t, h, difference, lower, upper) => {
    const interval = upliftInterval(t, h, 0.95)!;
    expect(interval.difference).toBeCloseTo(difference, 4);
    expect(interval.lower).toBeCloseTo(lower, 4);
    expect(interval.upper).toBeCloseTo(upper, 4);
    expect(interval.method).toBe('newcombe-wilson');
  });

  it('stays inside [-1, 1] and is not a point when both groups convert 0 % or 100 %', () => {
    const nobody = upliftInterval(g(0, 10), g(0, 10))!;
    expect(nobody.difference).toBe(0);
    expect(nobody.lower).toBeCloseTo(-0.2775, 4);
    expect(nobody.upper).toBeCloseTo(0.2775, 4);
    const everybody = upliftInterval(g(10, 10), g(0, 20))!;
    expect(everybody.upper).toBe(1);
    expect(everybody.lower).toBeGreaterThan(0.6);
    expect(everybody.lower).toBeLessThan(1);
  });

  it('widens with the confidence level and always contains the difference', () => {
    const at90 = upliftInterval(g(120, 1000), g(8, 100), 0.9)!;
    const at99 = upliftInterval(g(120, 1000), g(8, 100), 0.99)!;
    expect(at99.lower).toBeLessThan(at90.lower);
    expect(at99.upper).toBeGreaterThan(at90.upper);
    for (const i of [at90, at99]) {
      expect(i.lower).toBeLessThanOrEqual(i.difference);
      expect(i.upper).toBeGreaterThanOrEqual(i.difference);
    }
  });

  it('has no interval when a group has no entrants, and says why', () => {
    expect(upliftInterval(g(3, 10), g(0, 0))).toBeNull();
    expect(upliftProblem(g(3, 10), g(0, 0))).toBe('holdout: nobody entered');
    expect(upliftProblem(g(11, 10), g(0, 5))).toBe('treatment: converted must be an integer from 0 to entered');
  });

  it('refuses a confidence level outside 0.5 to 0.999', () => {
    expect(() => upliftInterval(g(1, 2), g(1, 2), 1)).toThrow(RangeError);
    expect(() => upliftInterval(g(1, 2), g(1, 2), 0.4)).toThrow(RangeError);
  });
});
