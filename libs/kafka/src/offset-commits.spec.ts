import { OffsetCommits, PartitionCommit, TopicOffsets } from './offset-commits';

/** When finished batches' offsets reach the group: at once after a quiet interval, else together at its end. */
describe('OffsetCommits', () => {
  let now: number;
  let requests: TopicOffsets[][];
  const batch = (topic: string, partition: number, offset: number): PartitionCommit => ({
    topic,
    partition,
    offset: String(offset),
    commit: async ({ topics }) => void requests.push(topics),
  });
  const settle = () => new Promise((resolve) => jest.requireActual<typeof import('timers')>('timers').setImmediate(resolve));

  beforeEach(() => {
    jest.useFakeTimers();
    now = 0;
    requests = [];
  });
  afterEach(() => jest.useRealTimers());

  it('commits the first batch at once and the ones within the interval together, each partition at its furthest', async () => {
    const commits = new OffsetCommits(1_000, () => now);
    await commits.finished(batch('t', 0, 5));
    expect(requests).toEqual([[{ topic: 't', partitions: [{ partition: 0, offset: '5' }] }]]);

    now = 100;
    await commits.finished(batch('t', 0, 9));
    await commits.finished(batch('t', 1, 3));
    await commits.finished(batch('u', 0, 7));
    await commits.finished(batch('t', 0, 8)); // behind what waits already: the furthest stays
    expect(requests).toHaveLength(1);
    expect(commits.waiting).toBe(3);

    now = 1_000;
    jest.advanceTimersByTime(900);
    await settle();
    expect(requests[1]).toEqual([
      {
        topic: 't',
        partitions: [
          { partition: 0, offset: '9' },
          { partition: 1, offset: '3' },
        ],
      },
      { topic: 'u', partitions: [{ partition: 0, offset: '7' }] },
    ]);
    expect(commits.waiting).toBe(0);
  });

  it('commits at once when asked (the consumer is leaving) and on flush, nothing when nothing waits', async () => {
    const commits = new OffsetCommits(1_000, () => now);
    await commits.finished(batch('t', 0, 1));
    now = 10;
    await commits.finished(batch('t', 0, 2));
    await commits.finished(batch('t', 1, 4), true);
    expect(requests.at(-1)).toEqual([
      {
        topic: 't',
        partitions: [
          { partition: 0, offset: '2' },
          { partition: 1, offset: '4' },
        ],
      },
    ]);
    await commits.flush();
    expect(requests).toHaveLength(2);
  });

  it('forgets what waits after the group was joined again (those batches are delivered again)', async () => {
    const commits = new OffsetCommits(1_000, () => now);
    await commits.finished(batch('t', 0, 1));
    now = 10;
    await commits.finished(batch('t', 0, 2));
    commits.forget();
    jest.advanceTimersByTime(5_000);
    await settle();
    await commits.flush();
    expect(requests).toHaveLength(1);
  });

  it('rejects the batch whose commit failed at once; a failed commit at the interval end leaves the next to commit further', async () => {
    const commits = new OffsetCommits(1_000, () => now);
    const failing: PartitionCommit = { ...batch('t', 0, 1), commit: async () => Promise.reject(new Error('REBALANCE_IN_PROGRESS')) };
    await expect(commits.finished(failing)).rejects.toThrow('REBALANCE_IN_PROGRESS');
    now = 10;
    await commits.finished({ ...failing, offset: '2' });
    now = 1_000;
    jest.advanceTimersByTime(990);
    await settle();
    now = 2_500;
    await commits.finished(batch('t', 0, 3));
    expect(requests).toEqual([[{ topic: 't', partitions: [{ partition: 0, offset: '3' }] }]]);
  });

  it('with an interval of 0 commits after every batch', async () => {
    const commits = new OffsetCommits(0, () => now);
    await commits.finished(batch('t', 0, 1));
    await commits.finished(batch('t', 0, 2));
    expect(requests.map((r) => r[0].partitions[0].offset)).toEqual(['1', '2']);
  });
});
