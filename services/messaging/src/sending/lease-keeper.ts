/**
 * Keeps the delivery leases of the sends this process holds (queued, being
 * delivered, or waiting for their result to be recorded): every `everyMs`,
 * one statement extends them all. A process that dies stops renewing, so its
 * sends fall due for another worker within one lease, not after the longest
 * delivery could take.
 */
export class LeaseKeeper {
  /** Each send held, with how many times (a send queued again before its last result was recorded is held twice). */
  private readonly held = new Map<string, number>();
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly renew: (ids: string[]) => Promise<void>,
    private readonly everyMs: number,
    private readonly failed: (error: unknown) => void,
  ) {}

  hold(ids: string[]): void {
    for (const id of ids) this.held.set(id, (this.held.get(id) ?? 0) + 1);
    if (!this.timer && this.held.size > 0) {
      this.timer = setInterval(() => void this.renew([...this.held.keys()]).catch(this.failed), this.everyMs);
      this.timer.unref();
    }
  }

  release(id: string): void {
    const count = (this.held.get(id) ?? 1) - 1;
    if (count > 0) this.held.set(id, count);
    else this.held.delete(id);
    if (this.held.size === 0) this.stop();
  }

  /** How many sends this process holds a lease on. */
  get size(): number {
    return this.held.size;
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }
}
