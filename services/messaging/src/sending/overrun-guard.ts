/**
 * Remembers templates that overran their render budget: one that did so
 * `threshold` times within `windowMs` is refused (its sends fail at once with
 * `template_budget_exceeded`, no render) until the oldest of those overruns is
 * `windowMs` old. So one workspace's template that is heavy for its users
 * costs the render workers a few budgets a minute, not one per message. Times
 * are monotonic milliseconds; the memory holds at most `maxKeys` templates.
 */
export class OverrunGuard {
  private readonly overruns = new Map<string, number[]>();

  constructor(
    private readonly threshold = 3,
    private readonly windowMs = 60_000,
    private readonly maxKeys = 10_000,
  ) {}

  record(key: string, now: number): void {
    const recent = this.recentOf(key, now);
    recent.push(now);
    if (!this.overruns.has(key) && this.overruns.size >= this.maxKeys) this.overruns.delete(this.overruns.keys().next().value!);
    this.overruns.set(key, recent.slice(-this.threshold));
  }

  refused(key: string, now: number): boolean {
    return this.recentOf(key, now).length >= this.threshold;
  }

  private recentOf(key: string, now: number): number[] {
    const recent = (this.overruns.get(key) ?? []).filter((at) => now - at < this.windowMs);
    if (recent.length === 0) this.overruns.delete(key);
    return recent;
  }
}
