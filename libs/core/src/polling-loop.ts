/**
 * The loop every background worker of Cairn runs (timer firing, segment
 * re-evaluation and backfill, deferred sends, outbox relays): run a pass; go
 * again at once while a pass says there may be more, or when woken during a
 * pass (the pass may have read before the work that woke it committed);
 * otherwise sleep until the idle delay ends or something wakes it; after a
 * failed pass, report it and back off. `stop()` wakes a sleeper and waits for
 * the pass in hand.
 */
export interface PollingLoopOptions {
  /** One pass; resolves true when there may be more work at once. */
  pass(): Promise<boolean>;
  /** How long an idle loop sleeps, in ms (may look at what is due next). */
  idleDelay(): number | Promise<number>;
  /** Reports a failed pass (the loop then sleeps `failureDelay`). */
  onError(error: unknown, failuresInARow: number): void;
  /** How long to sleep after the n-th failed pass in a row (default: the idle delay). */
  failureDelay?(failuresInARow: number): number;
  /** Loops running the same passes side by side (default 1). */
  workers?: number;
}

export class PollingLoop {
  private running = false;
  private loops: Promise<void>[] = [];
  private readonly sleepers = new Set<() => void>();
  private wokenDuringPass = false;

  constructor(private readonly options: PollingLoopOptions) {}

  get isRunning(): boolean {
    return this.running;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loops = Array.from({ length: this.options.workers ?? 1 }, () => this.run());
  }

  /** Ask for a pass now: a sleeping loop wakes; a loop in a pass goes again right after it. */
  wake(): void {
    if (this.sleepers.size === 0) this.wokenDuringPass = true;
    for (const wake of [...this.sleepers]) wake();
  }

  async stop(): Promise<void> {
    this.running = false;
    for (const wake of [...this.sleepers]) wake();
    await Promise.all(this.loops);
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (this.running) {
      this.wokenDuringPass = false;
      let more = false;
      try {
        more = await this.options.pass();
        failures = 0;
      } catch (error) {
        failures++;
        this.options.onError(error, failures);
      }
      if (!this.running) break;
      if (failures === 0 && (more || this.wokenDuringPass)) continue;
      const delay = failures > 0 && this.options.failureDelay ? this.options.failureDelay(failures) : await this.idleDelay();
      if (!this.running) break;
      // Woken while the idle delay was being worked out: no sleep.
      if (failures === 0 && this.wokenDuringPass) continue;
      await this.sleep(delay);
    }
  }

  private async idleDelay(): Promise<number> {
    try {
      return await this.options.idleDelay();
    } catch {
      return 250;
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.sleepers.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.sleepers.add(wake);
    });
  }
}
