import { pick, seededRandom } from './random';

describe('seededRandom', () => {
  it('repeats its sequence for a seed, differs for another, and stays in [0, 1)', () => {
    const take = (seed: number) => Array.from({ length: 1_000 }, seededRandom(seed));
    expect(take(7)).toEqual(take(7));
    expect(take(7)).not.toEqual(take(8));
    expect(take(7).every((x) => x >= 0 && x < 1)).toBe(true);
  });

  it('picks every item of a list in time, and only those', () => {
    const random = seededRandom(1);
    const seen = new Set(Array.from({ length: 200 }, () => pick(random, ['a', 'b', 'c'] as const)));
    expect([...seen].sort()).toEqual(['a', 'b', 'c']);
  });
});
