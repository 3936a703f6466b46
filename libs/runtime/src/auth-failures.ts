import { isIPv6 } from 'node:net';

/** Failed authentications one client address may make at once before it is refused. */
export const AUTH_FAILURE_BURST = 20;
/** After the burst, one more failed authentication per this many seconds. */
export const AUTH_FAILURE_REFILL_SECONDS = 5;
/** Addresses remembered at most (per process and service); the least recently failing are forgotten first. */
export const AUTH_FAILURE_MAX_ADDRESSES = 10_000;

interface Bucket {
  tokens: number;
  updatedAt: number;
}

/**
 * The address failures are counted under: an IPv4 address as is, an IPv6
 * address by its /64 prefix (one host usually holds a whole /64, so counting
 * single IPv6 addresses would let it rotate past the limit).
 */
export function clientBucketKey(address: string | undefined): string {
  if (!address) return 'unknown';
  const v4 = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (v4) return v4[1];
  if (!isIPv6(address)) return address;
  const [head, tail = ''] = address.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = address.includes('::') ? [...left, ...Array(8 - left.length - right.length).fill('0'), ...right] : left;
  return `${groups
    .slice(0, 4)
    .map((g) => parseInt(g, 16).toString(16))
    .join(':')}::/64`;
}

/**
 * Failed authentications per client address, as a token bucket: each failure
 * takes a token; an address without one is refused (every request, with or
 * without a valid key, so that guessing learns nothing) until the bucket
 * refills. In memory, per process: N replicas allow N times the burst.
 * Pure: time is passed in.
 */
export class AuthFailureLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly options: { burst: number; refillSeconds: number; maxAddresses: number } = {
      burst: AUTH_FAILURE_BURST,
      refillSeconds: AUTH_FAILURE_REFILL_SECONDS,
      maxAddresses: AUTH_FAILURE_MAX_ADDRESSES,
    },
  ) {}

  /** 0 when the address may try, else the whole seconds until it may. */
  retryAfter(address: string | undefined, nowMs: number): number {
    const bucket = this.current(clientBucketKey(address), nowMs);
    if (!bucket || bucket.tokens >= 1) return 0;
    return Math.max(1, Math.ceil((1 - bucket.tokens) * this.options.refillSeconds));
  }

  recordFailure(address: string | undefined, nowMs: number): void {
    const key = clientBucketKey(address);
    const bucket = this.current(key, nowMs) ?? { tokens: this.options.burst, updatedAt: nowMs };
    bucket.tokens = Math.max(0, bucket.tokens - 1);
    // Re-inserted last: the map's order is the order of the latest failure, oldest first.
    this.buckets.delete(key);
    this.buckets.set(key, bucket);
    if (this.buckets.size > this.options.maxAddresses) this.buckets.delete(this.buckets.keys().next().value as string);
  }

  /** How many addresses are remembered (a full bucket is forgotten). */
  get size(): number {
    return this.buckets.size;
  }

  private current(key: string, nowMs: number): Bucket | undefined {
    const bucket = this.buckets.get(key);
    if (!bucket) return undefined;
    const elapsed = Math.max(0, nowMs - bucket.updatedAt) / 1000;
    bucket.tokens = Math.min(this.options.burst, bucket.tokens + elapsed / this.options.refillSeconds);
    bucket.updatedAt = Math.max(bucket.updatedAt, nowMs);
    if (bucket.tokens >= this.options.burst) {
      this.buckets.delete(key);
      return undefined;
    }
    return bucket;
  }
}
