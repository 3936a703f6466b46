import { BatchGroup } from './batch-group';

/** A promise with its resolve function, to hold a run open. */
function gate(): { promise: Promise<void>; open: () => void } {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

describe('BatchGroup', () => {
  const turn = () => new Promise((resolve) => setImmediate(resolve));

  it('runs the batches submitted in one turn together, and those that arrive while the lanes are busy together in the next run, in order', async () => {
    const runs: number[][] = [];
    const first = gate();
    const group = new BatchGroup<number>(async (items) => {
      runs.push(items);
      if (runs.length === 1) await first.promise;
    }, 1);
    const done = [group.submit([1, 2]), group.submit([3])];
    await turn();
    expect(runs).toEqual([[1, 2, 3]]);
    done.push(group.submit([4, 5]), group.submit([6]));
    await turn();
    expect(runs).toEqual([[1, 2, 3]]);
    first.open();
    await Promise.all(done);
    expect(runs).toEqual([
      [1, 2, 3],
      [4, 5, 6],
    ]);
  });

  it('runs a lone batch as soon as the turn ends', async () => {
    const runs: number[][] = [];
    const group = new BatchGroup<number>(async (items) => void runs.push(items), 2);
    await group.submit([7]);
    expect(runs).toEqual([[7]]);
  });

  it('shares the batches of one turn between the free lanes, each batch whole and in order', async () => {
    const runs: number[][] = [];
    const group = new BatchGroup<number>(async (items) => {
      runs.push(items);
      await turn();
    }, 2);
    await Promise.all([group.submit([1, 2]), group.submit([3]), group.submit([4]), group.submit([5, 6])]);
    expect(runs).toEqual([
      [1, 2, 3],
      [4, 5, 6],
    ]);
  });

  it('takes at most maxItems items into one run, whole batches in order; a larger batch runs alone', async () => {
    const runs: number[][] = [];
    const group = new BatchGroup<number>(
      async (items) => {
        runs.push(items);
        await turn();
      },
      1,
      3,
    );
    await Promise.all([group.submit([1, 2]), group.submit([3]), group.submit([4, 5]), group.submit([6, 7, 8, 9]), group.submit([10])]);
    expect(runs).toEqual([[1, 2, 3], [4, 5], [6, 7, 8, 9], [10]]);
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
    await turn();
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
      for (let t = 0; t < 3; t++) await turn();
      running--;
    }, 2);
    const done: Array<Promise<void>> = [];
    for (let i = 0; i < 10; i++) {
      done.push(group.submit([i]));
      await turn();
    }
    await Promise.all(done);
    expect(most).toBe(2);
  });
});
