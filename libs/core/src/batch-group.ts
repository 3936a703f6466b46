/**
 * Most items one run takes (more only when a single submission is larger). A run's working set grows with its
 * items: the state rows read, the new ones written, their JSON, the outbox messages, all alive until the
 * transaction ends. Under lag a consumer's fetch hands over up to 4 MiB of messages at once, and without a bound
 * the two lanes took half of it each. Bench M7.e2e (two runs each, same hour): segments' peak RSS 350–367 →
 * 264–267 MiB, journeys' 265–289 → 239–246, at the same held rate and CPU per event; 1,000 gave no less memory
 * and cost segments a little more CPU per event.
 */
export const MAX_RUN_ITEMS = 2_000;

interface Submitted<T> {
  items: T[];
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * Runs submitted batches together, at most `lanes` runs at a time: batches
 * submitted in the same turn of the event loop (a consumer hands over the
 * batches of every partition of one fetch at once), and those submitted while
 * every lane is busy, go together in the next runs (one call with all their
 * items, in submission order), shared between the lanes free then. So a
 * consumer runs a transaction per lane and fetch instead of one per
 * partition, a busy one larger batches in fewer transactions, and an idle one
 * a batch as soon as the turn ends. A run takes at most `maxItems` items
 * (whole batches; one batch larger than that runs alone), so its memory
 * stays bounded however far behind the consumer is. When a
 * combined run fails, each of its batches runs again on its own, so a batch
 * that cannot succeed fails only its own submitter.
 */
export class BatchGroup<T> {
  private readonly pending: Array<Submitted<T>> = [];
  /** Lanes started (running or about to). */
  private active = 0;
  /** Lanes running a group now. */
  private running = 0;

  constructor(
    private readonly run: (items: T[]) => Promise<void>,
    private readonly lanes: number,
    private readonly maxItems = MAX_RUN_ITEMS,
  ) {}

  /** Resolves once these items were run (alone or with others); rejects with the error of running them alone. */
  submit(items: T[]): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.pending.push({ items, resolve, reject });
      if (this.active < this.lanes) {
        this.active++;
        void this.lane();
      }
    });
  }

  private async lane(): Promise<void> {
    // The rest of this turn's submissions join the first runs.
    await new Promise((resolve) => setImmediate(resolve));
    while (this.pending.length > 0) {
      // What waits is shared between the lanes free now, so a backlog keeps every lane busy.
      const share = Math.ceil(this.pending.length / Math.max(1, this.lanes - this.running));
      this.running++;
      try {
        await this.runGroup(this.pending.splice(0, this.take(share)));
      } finally {
        this.running--;
      }
    }
    this.active--;
  }

  /** How many of the first `share` waiting batches (share ≤ pending.length) the next run takes: at least one, then while within maxItems. */
  private take(share: number): number {
    let n = 1;
    let items = this.pending[0].items.length;
    while (n < share && items + this.pending[n].items.length <= this.maxItems) items += this.pending[n++].items.length;
    return n;
  }

  private async runGroup(group: Array<Submitted<T>>): Promise<void> {
    if (group.length === 1) return this.run(group[0].items).then(group[0].resolve, group[0].reject);
    try {
      await this.run(group.flatMap((g) => g.items));
      group.forEach((g) => g.resolve());
    } catch {
      for (const g of group) await this.run(g.items).then(g.resolve, g.reject);
    }
  }
}
