import { OverrunGuard } from './overrun-guard';

describe('OverrunGuard', () => {
  it('refuses a template after three overruns within a minute, until the oldest is a minute old', () => {
    const guard = new OverrunGuard(3, 60_000);
    guard.record('ws\u0000heavy', 0);
    guard.record('ws\u0000heavy', 10_000);
    expect(guard.refused('ws\u0000heavy', 20_000)).toBe(false);
    guard.record('ws\u0000heavy', 20_000);
    expect(guard.refused('ws\u0000heavy', 20_001)).toBe(true);
    expect(guard.refused('ws\u0000other', 20_001)).toBe(false);
    expect(guard.refused('ws\u0000heavy', 59_999)).toBe(true);
    expect(guard.refused('ws\u0000heavy', 60_000)).toBe(false);
  });

  it('keeps at most maxKeys templates in memory', () => {
    const guard = new OverrunGuard(1, 60_000, 2);
    for (const key of ['a', 'b', 'c']) guard.record(key, 0);
    expect(['a', 'b', 'c'].map((key) => guard.refused(key, 1))).toEqual([false, true, true]);
  });
});
