import { stableId, stableUnitInterval } from './hash';

describe('stable hashing', () => {
  it('gives the same bucket for the same inputs and spreads different ones', () => {
    expect(stableUnitInterval('j1', 'u1')).toBe(stableUnitInterval('j1', 'u1'));
    const buckets = Array.from({ length: 10_000 }, (_, i) => stableUnitInterval('j1', `u${i}`));
    const below = buckets.filter((b) => b < 0.1).length;
    expect(below).toBeGreaterThan(800);
    expect(below).toBeLessThan(1200);
    expect(buckets.every((b) => b >= 0 && b < 1)).toBe(true);
  });

  it('separates parts so that ("ab","c") differs from ("a","bc")', () => {
    expect(stableId('ab', 'c')).not.toBe(stableId('a', 'bc'));
  });
});
