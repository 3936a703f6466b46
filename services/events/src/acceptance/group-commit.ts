/** Writes a group of items in one call; returns one result per item, in order. */
export type GroupWriter<T, R> = (items: T[]) => Promise<R[]>;

interface Pending<T, R> {
  item: T;
  weight: number;
  resolve: (result: R) => void;
  reject: (error: unknown) => void;
}

export interface GroupCommitOptions<T> {
  /** Most units (as counted by `sizeOf`) one group holds; an item larger than that is written alone. */
  maxGroupSize: number;
  sizeOf: (item: T) => number;
  /** Most writes in flight at once (default 1: groups are written one after the other, in submission order). */
  maxInFlight?: number;
  /**
   * Bound of the queue of items waiting for a write, in units of `weightOf`
   * (e.g. bytes): an item that would take the waiting items past it is refused
   * at once with QueueFull (and never written), unless nothing waits.
   */
  maxQueued?: { weight: number; weightOf: (item: T) => number };
}

/** The queue of waiting items is full: the item was not taken (nothing of it is written); submit it again later. */
export class QueueFull extends Error {
  constructor(readonly queuedWeight: number) {
    super(`the write queue is full (${queuedWeight} waiting)`);
    this.name = 'QueueFull';
  }
}

/**
 * Group commit: items submitted while every write slot is taken (`maxInFlight`,
 * default 1) wait and are then written together, by one call, in the order
 * they were submitted; with a slot free an item is written at once (after the
 * current turn of the event loop, so items submitted in the same turn share the
 * write). With one slot, groups are written one after the other in submission
 * order; with more, a group may finish before an earlier one. Each submitter's
 * promise settles after the write of its group: a group that fails is written
 * again item by item, in order, so an item that fails fails alone.
 */
export class GroupCommit<T, R> {
  private readonly queue: Array<Pending<T, R>> = [];
  private inFlight = 0;
  private scheduled = false;
  private queuedWeight = 0;

  constructor(
    private readonly write: GroupWriter<T, R>,
    private readonly options: GroupCommitOptions<T>,
  ) {}

  /** Settles after the item's group was written; rejects at once with QueueFull when the waiting queue is full. */
  submit(item: T): Promise<R> {
    const bound = this.options.maxQueued;
    const weight = bound ? bound.weightOf(item) : 0;
    if (bound && this.queue.length > 0 && this.queuedWeight + weight > bound.weight) return Promise.reject(new QueueFull(this.queuedWeight));
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ item, weight, resolve, reject });
      this.queuedWeight += weight;
      this.schedule();
    });
  }

  /** The weight of the items waiting for a write (not those being written). */
  get waiting(): number {
    return this.queuedWeight;
  }

  private schedule(): void {
    if (this.inFlight >= (this.options.maxInFlight ?? 1) || this.scheduled || this.queue.length === 0) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      void this.flush();
    });
  }

  private async flush(): Promise<void> {
    if (this.inFlight >= (this.options.maxInFlight ?? 1) || this.queue.length === 0) return;
    this.inFlight++;
    try {
      await this.writeGroup(this.takeGroup());
    } finally {
      this.inFlight--;
      this.schedule();
    }
  }

  /** The oldest items, up to the group size (at least one). */
  private takeGroup(): Array<Pending<T, R>> {
    let size = this.options.sizeOf(this.queue[0].item);
    let n = 1;
    while (n < this.queue.length) {
      const next = this.options.sizeOf(this.queue[n].item);
      if (size + next > this.options.maxGroupSize) break;
      size += next;
      n++;
    }
    const group = this.queue.splice(0, n);
    for (const p of group) this.queuedWeight -= p.weight;
    return group;
  }

  private async writeGroup(group: Array<Pending<T, R>>): Promise<void> {
    try {
      const results = await this.write(group.map((p) => p.item));
      group.forEach((p, i) => p.resolve(results[i]));
    } catch (error) {
      if (group.length === 1) return group[0].reject(error);
      // One item may have failed the whole group (which left nothing behind): each alone, in order.
      for (const p of group) {
        await this.write([p.item]).then(([result]) => p.resolve(result), p.reject);
      }
    }
  }
}
