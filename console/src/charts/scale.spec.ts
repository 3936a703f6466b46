import { linear, linePath, niceTicks } from './scale';

describe('chart scales', () => {
  it('maps a domain linearly onto a range, inverted for SVG y', () => {
    const y = linear(0, 10, 100, 0);
    expect([y(0), y(5), y(10)]).toEqual([100, 50, 0]);
    expect(linear(3, 3, 0, 10)(3)).toBe(5);
  });

  it('makes round ticks from 0 past the maximum, whole numbers for counts', () => {
    expect(niceTicks(7)).toEqual([0, 2, 4, 6, 8]);
    expect(niceTicks(100)).toEqual([0, 50, 100]);
    expect(niceTicks(1)).toEqual([0, 1]);
    expect(niceTicks(0)).toEqual([0, 1]);
    expect(niceTicks(1234)).toEqual([0, 500, 1000, 1500]);
  });

  it('draws a polyline path', () => {
    expect(
      linePath([
        [0, 1],
        [2.25, 3],
      ]),
    ).toBe('M0.0 1.0 L2.3 3.0');
    expect(linePath([])).toBe('');
  });
});
