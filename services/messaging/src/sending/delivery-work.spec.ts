import { GroupWriter, Limiter } from './delivery-work';

/** A promise with its resolve function, to hold a task or a write open. */
function gate(): { promise: Promise<void>; open: () => void } {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

describe('Limiter', () => {
  it('runs every task, never more than its limit at once, the waiting ones in order', async () => {
    const limiter = new Limiter(2);
    let running = 0;
    let most = 0;
    const started: number[] = [];
    const gates = Array.from({ length: 5 }, gate);
    const done = gates.map((g, i) =>
      limiter.run(async () => {
        started.push(i);
        most = Math.max(most, ++running);
        await g.promise;
        running--;
        return i;
      }),
    );
    expect(started).toEqual([0, 1]);
    for (const g of gates) g.open();
    await expect(Promise.all(done)).resolves.toEqual([0, 1, 2, 3, 4]);
    expect(started).toEqual([0, 1, 2, 3, 4]);
    expect(most).toBe(2);
  });

  it('says when it has nothing running or waiting any more', async () => {
    let idle = 0;
    const limiter = new Limiter(1, () => idle++);
    const first = gate();
    const a = limiter.run(() => first.promise);
    const b = limiter.run(async () => undefined);
    first.open();
    await Promise.all([a, b]);
    expect(idle).toBe(1);
  });

  it('frees the slot of a task that failed', async () => {
    const limiter = new Limiter(1);
    await expect(
      limiter.run(async () => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    await expect(limiter.run(async () => 'next')).resolves.toBe('next');
  });
});

describe('GroupWriter', () => {
  it('writes what arrived during a write together in the next write, and drain waits for all of it', async () => {
    const writes: number[][] = [];
    const first = gate();
    const writer = new GroupWriter<number>(
      async (items) => {
        writes.push(items);
        if (writes.length === 1) await first.promise;
      },
      () => undefined,
    );
    writer.add(1);
    writer.add(2);
    writer.add(3);
    const drained = writer.drain();
    first.open();
    await drained;
    expect(writes).toEqual([[1], [2, 3]]);
  });

  it('resolves each add once the write that took the item ended', async () => {
    const first = gate();
    const writer = new GroupWriter<number>(
      () => first.promise,
      () => undefined,
    );
    let done = false;
    const added = writer.add(1).then(() => (done = true));
    await Promise.resolve();
    expect(done).toBe(false);
    first.open();
    await added;
    expect(done).toBe(true);
  });

  it('reports a failed write with its items and goes on with the next ones', async () => {
    const failed: number[][] = [];
    const written: number[][] = [];
    const writer = new GroupWriter<number>(
      async (items) => {
        if (items.includes(1)) throw new Error('database down');
        written.push(items);
      },
      (_error, items) => failed.push(items),
    );
    writer.add(1);
    await writer.drain();
    writer.add(2);
    await writer.drain();
    expect([failed, written]).toEqual([[[1]], [[2]]]);
  });
});
