import { WorkspaceConfig } from '@cairn/config';
import { Clock, CLOCK, DomainError } from '@cairn/core';
import { Inject, Injectable } from '@nestjs/common';
import { TokenBucket } from './token-bucket';

export class RateLimited extends DomainError {
  constructor(
    readonly retryAfterSeconds: number,
    workspaceId: string,
  ) {
    super('RATE_LIMITED', `workspace ${workspaceId} exceeds its ingest rate; retry after ${retryAfterSeconds} s`, 429);
    this.name = 'RateLimited';
  }
}

/**
 * One token bucket per workspace at `ingestRatePerSecond` events a second.
 * In memory, so the limit holds per replica: N replicas accept up to N times
 * the rate in total.
 */
@Injectable()
export class IngestRateLimiter {
  private readonly buckets = new Map<string, TokenBucket>();

  constructor(@Inject(CLOCK) private readonly clock: Clock) {}

  /** Throws RateLimited (429 with Retry-After) when the workspace has no room for `events` more. */
  admit(workspace: WorkspaceConfig, events: number): void {
    const now = this.clock.now().getTime();
    let bucket = this.buckets.get(workspace.id);
    if (!bucket) this.buckets.set(workspace.id, (bucket = new TokenBucket(workspace.ingestRatePerSecond, now)));
    const wait = bucket.take(events, now);
    if (wait > 0) throw new RateLimited(wait, workspace.id);
  }
}
