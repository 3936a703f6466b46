import { BacklogSample, judgeHold } from './hold-judge';

/** One sample a second for `seconds`, the largest backlog given by `lag(s)`. */
const samples = (seconds: number, lag: (s: number) => number): BacklogSample[] =>
  Array.from({ length: seconds + 1 }, (_, s) => ({ s, largest: lag(s), where: `stage ${lag(s)}` }));

describe('judging a hold of the end-to-end benchmark', () => {
  it('holds a rate whose backlog stays small and flat', () => {
    const verdict = judgeHold(
      samples(30, (s) => 40 + (s % 3) * 10),
      100,
      30,
      10,
      0,
    );
    expect(verdict).toMatchObject({ held: true, maxLag: 60, bound: 1000 });
  });

  it('holds when the backlog only fills up during the first half', () => {
    const verdict = judgeHold(
      samples(30, (s) => Math.min(s, 5) * 100),
      100,
      30,
      10,
      0,
    );
    expect(verdict.held).toBe(true);
  });

  it('does not hold when a stage falls further behind than the bound in the second half', () => {
    const verdict = judgeHold(
      samples(30, (s) => (s === 20 ? 1500 : 100)),
      100,
      30,
      10,
      0,
    );
    expect(verdict).toMatchObject({ held: false, maxLag: 1500, where: 'stage 1500' });
  });

  it('does not hold when the backlog keeps growing, even under the bound', () => {
    const verdict = judgeHold(
      samples(30, (s) => s * 30),
      100,
      30,
      10,
      0,
    );
    expect(verdict.maxLag).toBeLessThanOrEqual(verdict.bound);
    expect(verdict.growth).toBeGreaterThan(verdict.growthBound);
    expect(verdict.held).toBe(false);
  });

  it('does not hold when events were refused', () => {
    expect(
      judgeHold(
        samples(30, () => 10),
        100,
        30,
        10,
        5,
      ).held,
    ).toBe(false);
  });

  it('does not hold without a sample in the second half', () => {
    expect(judgeHold([{ s: 0, largest: 0, where: 'none' }], 100, 30, 10, 0).held).toBe(false);
  });
});
