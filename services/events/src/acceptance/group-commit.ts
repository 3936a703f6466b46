/** Writes a group of items in one call; returns one result per item, in order. */
export type GroupWriter<T, R> = (items: T[]) => Promise<R[]>;

interface Pending<T, R> {
  item: T;
  resolve: (result: R) => void;
  reject: (error: unknown) => void;
}

export interface GroupCommitOptions<T> {
  /** Most units (as counted by `sizeOf`) one group holds; an item larger than that is written alone. */
  maxGroupSize: number;
  sizeOf: (item: T) => number;
  /** Most writes in flight at once (default 1: groups are written one after the other, in submission order). */
  maxInFlight?: number;
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

  constructor(
    private readonly write: GroupWriter<T, R>,
    private readonly options: GroupCommitOptions<T>,
  ) {}

  submit(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      this.schedule();
    });
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
    return this.queue.splice(0, n);
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
