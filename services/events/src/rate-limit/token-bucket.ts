/**
 * A token bucket: `ratePerSecond` tokens a second, holding at most one second's
 * worth. A request for n tokens passes when the bucket holds min(n, capacity)
 * (so a request larger than the capacity is not refused forever); it may then
 * leave the bucket in debt, which later requests wait out. Pure: time is passed in.
 */
export class TokenBucket {
  private tokens: number;
  private updatedAt: number;

  constructor(
    private readonly ratePerSecond: number,
    nowMs: number,
  ) {
    this.tokens = ratePerSecond;
    this.updatedAt = nowMs;
  }

  /** Takes n tokens and returns 0, or returns the whole seconds to wait before trying again. */
  take(n: number, nowMs: number): number {
    this.refill(nowMs);
    const needed = Math.min(n, this.ratePerSecond);
    if (this.tokens >= needed) {
      this.tokens -= n;
      return 0;
    }
    return Math.max(1, Math.ceil((needed - this.tokens) / this.ratePerSecond));
  }

  private refill(nowMs: number): void {
    const elapsed = Math.max(0, nowMs - this.updatedAt);
    this.tokens = Math.min(this.ratePerSecond, this.tokens + (elapsed / 1000) * this.ratePerSecond);
    this.updatedAt = Math.max(this.updatedAt, nowMs);
  }
}
