import { formatDuration, isDuration, parseDuration } from './duration';

describe('durations', () => {
  it.each([
    ['500ms', 500],
    ['30s', 30_000],
    ['10m', 600_000],
    ['1h', 3_600_000],
    ['7d', 604_800_000],
    ['2w', 1_209_600_000],
  ])('parses %s', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
    expect(isDuration(text)).toBe(true);
  });

  it.each(['', '7', '7 d', '-1d', '1.5h', 'd7', '7D', '1y'])('refuses %p', (text) => {
    expect(() => parseDuration(text)).toThrow(RangeError);
    expect(isDuration(text)).toBe(false);
  });

  it('formats to the largest whole unit', () => {
    expect(formatDuration(604_800_000)).toBe('1w');
    expect(formatDuration(90_000)).toBe('90s');
    expect(formatDuration(1_500)).toBe('1500ms');
  });
});
