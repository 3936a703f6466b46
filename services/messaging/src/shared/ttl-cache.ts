/**
 * Values kept for `ttlMs` of monotonic time after they were read, so a hot
 * path reads settings once per `ttlMs` instead of once per batch. A write on
 * this process drops what it changed (`invalidate`), so it applies at once
 * here; a write on another replica applies here within `ttlMs`.
 */
export class TtlCache<V> {
  private readonly entries = new Map<string, { value: V; until: number }>();

  constructor(
    private readonly ttlMs: number,
    private readonly now: () => number = () => performance.now(),
    /** Entries beyond which expired ones are dropped (and, if none expired, all). */
    private readonly maxEntries = 1_000,
  ) {}

  /** The kept value, or the one `load` reads (kept from now on). */
  async get(key: string, load: () => Promise<V>): Promise<V> {
    const entry = this.entries.get(key);
    if (entry && entry.until > this.now()) return entry.value;
    const value = await load();
    if (this.entries.size >= this.maxEntries) this.sweep();
    this.entries.set(key, { value, until: this.now() + this.ttlMs });
    return value;
  }

  private sweep(): void {
    const now = this.now();
    for (const [key, entry] of this.entries) if (entry.until <= now) this.entries.delete(key);
    if (this.entries.size >= this.maxEntries) this.entries.clear();
  }

  /** Drops the values whose key starts with `prefix` (a whole workspace: its id and a separator). */
  invalidate(prefix: string): void {
    for (const key of this.entries.keys()) if (key.startsWith(prefix)) this.entries.delete(key);
  }
}
