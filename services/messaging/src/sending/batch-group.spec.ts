import { BatchGroup } from './batch-group';

/** A promise with its resolve function, to hold a run open. */
function gate(): { promise: Promise<void>; open: () => void } {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

describe('BatchGroup', () => {
  it('runs a batch at once while a lane is free, and the batches that arrive meanwhile together in the next run, in order', async () => {
    const runs: number[][] = [];
    const first = gate();
    const group = new BatchGroup<number>(async (items) => {
      runs.push(items);
      if (runs.length === 1) await first.promise;
    }, 1);
    const done = [group.submit([1, 2]), group.submit([3]), group.submit([4, 5])];
    expect(runs).toEqual([[1, 2]]);
    first.open();
    await Promise.all(done);
    expect(runs).toEqual([
      [1, 2],
      [3, 4, 5],
    ]);
  });

  it('runs the batches of a failed combined run on their own: only the batch that fails alone rejects', async () => {
    const runs: string[][] = [];
    const first = gate();
    const group = new BatchGroup<string>(async (items) => {
      runs.push(items);
      if (runs.length === 1) await first.promise;
      if (items.includes('poison')) throw new Error('refused');
    }, 1);
    const head = group.submit(['a']);
    const good = group.submit(['b', 'c']);
    const bad = group.submit(['poison']);
    const later = group.submit(['d']);
    first.open();
    await expect(head).resolves.toBeUndefined();
    await expect(good).resolves.toBeUndefined();
    await expect(bad).rejects.toThrow('refused');
    await expect(later).resolves.toBeUndefined();
    expect(runs).toEqual([['a'], ['b', 'c', 'poison', 'd'], ['b', 'c'], ['poison'], ['d']]);
  });

  it('never runs more than its lanes at once', async () => {
    let running = 0;
    let most = 0;
    const group = new BatchGroup<number>(async () => {
      most = Math.max(most, ++running);
      await new Promise((resolve) => setImmediate(resolve));
      running--;
    }, 2);
    await Promise.all(Array.from({ length: 10 }, (_, i) => group.submit([i])));
    expect(most).toBe(2);
  });
});
