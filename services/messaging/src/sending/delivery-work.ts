/**
 * Writes items as they come, in group commits: while one write is in flight
 * the next items queue up and go in the following write, so an item is
 * written soon after it arrives, in few transactions. A failed write is
 * reported and its items dropped (reserved sends keep their lease, so the
 * poller takes them up again). `add` resolves once the item's write ended, so
 * a caller can bound what waits here (DeliverSends counts a send until then).
 */
export class GroupWriter<T> {
  private readonly queue: Array<{ item: T; done: () => void }> = [];
  private writing?: Promise<void>;

  constructor(
    private readonly write: (items: T[]) => Promise<void>,
    private readonly failed: (error: unknown, items: T[]) => void,
  ) {}

  /** Resolves when the write that took this item ended (written, or failed and reported). */
  add(item: T): Promise<void> {
    return new Promise<void>((done) => {
      this.queue.push({ item, done });
      this.writing ??= this.loop();
    });
  }

  /** Resolves once every item added so far is written (or its write failed). */
  async drain(): Promise<void> {
    while (this.writing) await this.writing;
  }

  private async loop(): Promise<void> {
    while (this.queue.length > 0) {
      const entries = this.queue.splice(0);
      const items = entries.map((e) => e.item);
      await this.write(items).catch((error) => this.failed(error, items));
      entries.forEach((e) => e.done());
    }
    this.writing = undefined;
  }
}

/** Runs at most `max` tasks at a time; the others wait their turn in order. */
export class Limiter {
  private active = 0;
  private readonly waiting: Array<() => void> = [];

  /** `idle`: called whenever the last running task ends with none waiting. */
  constructor(
    private readonly max: number,
    private readonly idle?: () => void,
  ) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.active < this.max) this.active++;
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
    try {
      return await task();
    } finally {
      // Hand the slot straight to the next waiter, or free it.
      const next = this.waiting.shift();
      if (next) next();
      else if (--this.active === 0) this.idle?.();
    }
  }
}
