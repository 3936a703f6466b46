import { LeaseKeeper } from './lease-keeper';

describe('LeaseKeeper', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('renews the leases it holds on every tick, in one call, and stops ticking once it holds none', async () => {
    const renewed: string[][] = [];
    const keeper = new LeaseKeeper(
      async (ids) => void renewed.push(ids),
      20_000,
      () => undefined,
    );
    keeper.hold(['a', 'b']);
    jest.advanceTimersByTime(20_000);
    keeper.release('a');
    jest.advanceTimersByTime(20_000);
    keeper.release('b');
    jest.advanceTimersByTime(60_000);
    expect(renewed).toEqual([['a', 'b'], ['b']]);
    expect(keeper.size).toBe(0);
  });

  it('holds a send queued again before its first result was recorded until both are released', () => {
    const renewed: string[][] = [];
    const keeper = new LeaseKeeper(
      async (ids) => void renewed.push(ids),
      1_000,
      () => undefined,
    );
    keeper.hold(['a']);
    keeper.hold(['a']);
    keeper.release('a');
    jest.advanceTimersByTime(1_000);
    keeper.release('a');
    jest.advanceTimersByTime(5_000);
    expect(renewed).toEqual([['a']]);
  });

  it('reports a failed renewal and keeps going', async () => {
    const errors: unknown[] = [];
    let calls = 0;
    const keeper = new LeaseKeeper(
      async () => {
        calls++;
        throw new Error('database away');
      },
      1_000,
      (e) => errors.push(e),
    );
    keeper.hold(['a']);
    jest.advanceTimersByTime(2_000);
    await Promise.resolve();
    await Promise.resolve();
    expect(calls).toBe(2);
    expect(errors).toHaveLength(2);
    keeper.stop();
  });
});
