interface Submitted<T> {
  items: T[];
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * Runs submitted batches together, at most `lanes` runs at a time: batches
 * submitted while every lane is busy go together in the next run (one call
 * with all their items, in submission order), so a busy consumer decides
 * larger batches in fewer transactions and an idle one runs a batch at once.
 * When a combined run fails, each of its batches runs again on its own, so a
 * batch that cannot succeed fails only its own submitter.
 */
export class BatchGroup<T> {
  private readonly pending: Array<Submitted<T>> = [];
  private active = 0;

  constructor(
    private readonly run: (items: T[]) => Promise<void>,
    private readonly lanes: number,
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
    while (this.pending.length > 0) await this.runGroup(this.pending.splice(0));
    this.active--;
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
