/**
 * Every piece of Cairn that needs "now" takes a Clock, so tests can move time.
 * Production uses SystemClock; tests use ManualClock.
 */
export interface Clock {
  now(): Date;
}

export const CLOCK = Symbol('CAIRN_CLOCK');

export class SystemClock implements Clock {
  now(): Date {
    return new Date();
  }
}

/** A clock that only moves when told to. */
export class ManualClock implements Clock {
  private current: number;

  constructor(start: Date | string | number = Date.UTC(2026, 0, 1)) {
    this.current = new Date(start).getTime();
  }

  now(): Date {
    return new Date(this.current);
  }

  set(at: Date | string | number): void {
    this.current = new Date(at).getTime();
  }

  advance(ms: number): Date {
    this.current += ms;
    return this.now();
  }
}
