import { GroupCommit, QueueFull } from './group-commit';

/** A writer that records each call's items and answers each item doubled, unless it is negative. */
function recordingWriter() {
  const calls: number[][] = [];
  const held: Array<() => void> = [];
  let hold = false;
  const write = async (items: number[]) => {
    calls.push(items);
    if (hold) await new Promise<void>((resolve) => held.push(resolve));
    if (items.some((i) => i < 0)) throw new Error('negative item');
    return items.map((i) => i * 2);
  };
  /** After holdNext, writes wait until release (which lets every held write go on and stops holding). */
  return { calls, write, holdNext: () => (hold = true), release: () => ((hold = false), held.splice(0).forEach((go) => go())) };
}

describe('GroupCommit', () => {
  it('writes items submitted in the same turn together, answering each with its own result', async () => {
    const w = recordingWriter();
    const group = new GroupCommit(w.write, { maxGroupSize: 100, sizeOf: () => 1 });
    await expect(Promise.all([group.submit(1), group.submit(2), group.submit(3)])).resolves.toEqual([2, 4, 6]);
    expect(w.calls).toEqual([[1, 2, 3]]);
  });

  it('groups what arrives while a write is in flight into the next write, in order of submission', async () => {
    const w = recordingWriter();
    const group = new GroupCommit(w.write, { maxGroupSize: 100, sizeOf: () => 1 });
    w.holdNext();
    const first = group.submit(1);
    await new Promise((resolve) => setImmediate(resolve));
    const later = [group.submit(2), group.submit(3), group.submit(4)];
    w.release();
    await expect(Promise.all([first, ...later])).resolves.toEqual([2, 4, 6, 8]);
    expect(w.calls).toEqual([[1], [2, 3, 4]]);
  });

  it('keeps a group within the size limit, an item larger than the limit going alone', async () => {
    const w = recordingWriter();
    const group = new GroupCommit(w.write, { maxGroupSize: 10, sizeOf: (i) => i });
    await Promise.all([4, 5, 3, 20, 1].map((i) => group.submit(i)));
    expect(w.calls).toEqual([[4, 5], [3], [20], [1]]);
  });

  it('fails only the item at fault: a failed group is written again item by item, in order', async () => {
    const w = recordingWriter();
    const group = new GroupCommit(w.write, { maxGroupSize: 100, sizeOf: () => 1 });
    const results = await Promise.allSettled([group.submit(1), group.submit(-1), group.submit(3)]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(results[0]).toMatchObject({ value: 2 });
    expect(results[2]).toMatchObject({ value: 6 });
    expect(w.calls).toEqual([[1, -1, 3], [1], [-1], [3]]);
    await expect(group.submit(5)).resolves.toBe(10);
  });

  it('with more writes allowed in flight, starts the next group while one is in flight', async () => {
    const w = recordingWriter();
    const group = new GroupCommit(w.write, { maxGroupSize: 100, sizeOf: () => 1, maxInFlight: 2 });
    w.holdNext();
    const first = group.submit(1);
    await new Promise((resolve) => setImmediate(resolve));
    const second = group.submit(2);
    await new Promise((resolve) => setImmediate(resolve));
    expect(w.calls).toEqual([[1], [2]]);
    w.release();
    await expect(Promise.all([first, second])).resolves.toEqual([2, 4]);
  });
});

describe('GroupCommit with a bounded queue', () => {
  it('refuses at once what would overfill the waiting queue, writes nothing of it, and takes items again once it drains', async () => {
    const w = recordingWriter();
    const group = new GroupCommit(w.write, { maxGroupSize: 100, sizeOf: () => 1, maxQueued: { weight: 10, weightOf: (i) => i } });
    w.holdNext();
    const first = group.submit(1);
    await new Promise((resolve) => setImmediate(resolve));
    // 1 is being written; 4 + 6 wait (10), so 1 more does not fit
    const waiting = [group.submit(4), group.submit(6)];
    await expect(group.submit(1)).rejects.toThrow(QueueFull);
    expect(group.waiting).toBe(10);
    w.release();
    await expect(Promise.all([first, ...waiting])).resolves.toEqual([2, 8, 12]);
    expect(w.calls.flat()).toEqual([1, 4, 6]);
    expect(group.waiting).toBe(0);
    await expect(group.submit(7)).resolves.toBe(14);
  });

  it('takes one item heavier than the bound when nothing waits (a request is never refused forever)', async () => {
    const w = recordingWriter();
    const group = new GroupCommit(w.write, { maxGroupSize: 100, sizeOf: () => 1, maxQueued: { weight: 10, weightOf: (i) => i } });
    await expect(group.submit(50)).resolves.toBe(100);
  });
});
