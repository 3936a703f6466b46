/** A finished batch's next offset, with a function that commits offsets to the group (the batch's own). */
export interface PartitionCommit {
  topic: string;
  partition: number;
  /** offset + 1 of the batch's last message. */
  offset: string;
  commit: (offsets: { topics: TopicOffsets[] }) => Promise<void>;
}

export interface TopicOffsets {
  topic: string;
  partitions: Array<{ partition: number; offset: string }>;
}

/**
 * The offsets of finished batches, committed to the group at most once per `intervalMs`: the first batch after a
 * quiet interval commits at once, the ones that finish within the interval after it wait (their handler's work is
 * committed in the database already) and go in one request when it ends. One commit request at a time; each
 * partition's furthest offset. At low rates, where every event is a batch of its own at every hop, a commit per
 * batch was most of the broker's requests and a round trip in each batch's path.
 *
 * What is not committed yet when the consumer loses a partition (a rebalance, a crash) is delivered again to its
 * next owner, as a batch whose commit failed would be; the consumers are idempotent. `flush()` commits what is
 * pending (the consumer calls it when a rebalance begins and before it leaves the group), `finished(…, true)`
 * commits at once, and `forget()` drops what a rejoin made moot.
 */
export class OffsetCommits {
  private readonly pending = new Map<string, PartitionCommit>();
  private last = -Infinity;
  private timer?: NodeJS.Timeout;
  private chain: Promise<void> = Promise.resolve();

  constructor(
    private readonly intervalMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * A batch finished. Resolves once its offset is committed when that happens now (`immediately`, or the interval
   * since the last commit is over; rejects if that commit fails), or at once when it waits for the interval's end.
   */
  finished(done: PartitionCommit, immediately = false): Promise<void> {
    const key = `${done.topic}\u0000${done.partition}`;
    const known = this.pending.get(key);
    if (!known || BigInt(done.offset) > BigInt(known.offset)) this.pending.set(key, done);
    const wait = this.last + this.intervalMs - this.now();
    if (immediately || wait <= 0) return this.flush();
    // A commit that fails later only means those batches are delivered again: the next one commits further.
    this.timer ??= setTimeout(() => void this.flush().catch(() => undefined), wait);
    return Promise.resolve();
  }

  /** Commits every pending offset now (after the commit in flight, if any). */
  flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const next = this.chain.then(() => this.commitPending());
    this.chain = next.catch(() => undefined);
    return next;
  }

  /**
   * Drops what waits (the consumer joined its group again: kafkajs then reads every partition from its committed
   * offset, so the batches behind these offsets are delivered again and commit anew).
   */
  forget(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.pending.clear();
  }

  /** Offsets waiting for the interval's end. */
  get waiting(): number {
    return this.pending.size;
  }

  private async commitPending(): Promise<void> {
    if (this.pending.size === 0) return;
    const done = [...this.pending.values()];
    this.pending.clear();
    this.last = this.now();
    await done[done.length - 1].commit({ topics: offsetsByTopic(done) });
  }
}

/** The offsets as one commit request, per topic. */
function offsetsByTopic(done: PartitionCommit[]): TopicOffsets[] {
  const byTopic = new Map<string, TopicOffsets>();
  for (const { topic, partition, offset } of done) {
    const entry = byTopic.get(topic) ?? { topic, partitions: [] };
    entry.partitions.push({ partition, offset });
    byTopic.set(topic, entry);
  }
  return [...byTopic.values()];
}
