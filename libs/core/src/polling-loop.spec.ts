import { PollingLoop } from './polling-loop';

const until = async (check: () => boolean) => {
  for (let i = 0; i < 500 && !check(); i++) await new Promise((r) => setTimeout(r, 2));
  expect(check()).toBe(true);
};

describe('PollingLoop', () => {
  it('goes again at once while a pass says there is more, then sleeps the idle delay', async () => {
    let passes = 0;
    let idle = 0;
    const loop = new PollingLoop({ pass: async () => ++passes < 3, idleDelay: () => (idle++, 60_000), onError: () => undefined });
    loop.start();
    // The idle delay is asked for only once the passes run dry: after the third.
    await until(() => idle === 1);
    expect(passes).toBe(3);
    await loop.stop();
  });

  it('wakes a sleeping loop, and runs another pass when woken during one', async () => {
    let passes = 0;
    let idle = 0;
    let release: () => void = () => undefined;
    const loop = new PollingLoop({
      pass: async () => {
        passes++;
        if (passes === 2) await new Promise<void>((r) => (release = r));
        return false;
      },
      idleDelay: () => (idle++, 60_000),
      onError: () => undefined,
    });
    loop.start();
    await until(() => idle === 1); // going to sleep after the first pass
    loop.wake(); // wakes it at once
    await until(() => passes === 2);
    loop.wake(); // in a pass: one more pass right after it
    release();
    await until(() => passes === 3);
    await loop.stop();
  });

  it('reports a failed pass, backs off by the failure delay, and keeps going', async () => {
    const errors: number[] = [];
    let passes = 0;
    const loop = new PollingLoop({
      pass: async () => {
        if (++passes <= 2) throw new Error('boom');
        return false;
      },
      idleDelay: () => 60_000,
      failureDelay: () => 1,
      onError: (_e, n) => errors.push(n),
    });
    loop.start();
    await until(() => passes === 3);
    expect(errors).toEqual([1, 2]);
    await loop.stop();
  });

  it('stops a sleeping loop at once and waits for the pass in hand', async () => {
    let finished = false;
    const loop = new PollingLoop({
      pass: async () => {
        await new Promise((r) => setTimeout(r, 20));
        finished = true;
        return false;
      },
      idleDelay: () => 60_000,
      onError: () => undefined,
      workers: 2,
    });
    loop.start();
    await loop.stop();
    expect(finished).toBe(true);
    expect(loop.isRunning).toBe(false);
  });
});
