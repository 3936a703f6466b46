import { idleDelayMs, TIMER_POLL_MS } from './timer-poller';

describe('timer poller idle delay', () => {
  const now = new Date('2026-11-02T10:00:00.000Z');
  const at = (ms: number) => new Date(now.getTime() + ms);

  it('wakes just after the next pending timer is due when that comes before the poll interval', () => {
    expect(idleDelayMs(at(50), now)).toBe(52);
    expect(idleDelayMs(at(1), now)).toBe(3);
  });

  it('polls at the interval when nothing is pending or the next timer is further away', () => {
    expect(idleDelayMs(null, now)).toBe(TIMER_POLL_MS);
    expect(idleDelayMs(at(60_000), now)).toBe(TIMER_POLL_MS);
  });

  it('never sleeps a negative time (a clock behind the due time read)', () => {
    expect(idleDelayMs(at(-10), now)).toBe(0);
  });
});
