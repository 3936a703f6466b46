import { Clock, CLOCK, PollingLoop } from '@cairn/core';
import { Logger } from '@cairn/observability';
import { LOGGER } from '@cairn/runtime';
import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { slotOf } from '../size-history/snapshot-slots';
import { TakeSizeSnapshotsUseCase } from '../size-history/take-size-snapshots/take-size-snapshots.usecase';

/** How often the job looks at the clock; a pass writes only when a new slot has begun. */
export const SNAPSHOT_CHECK_MS = 1_000;

/**
 * Segment size history: at the start of every 10-minute slot (by the
 * service clock), one snapshot per segment. Replicas write the same slot
 * once (the slot is the key); a slot missed while no replica ran stays a gap.
 */
@Injectable()
export class SizeSnapshotJob implements OnApplicationBootstrap, OnModuleDestroy {
  private lastSlot = -1;
  private readonly loop = new PollingLoop({
    pass: () => this.pass(),
    idleDelay: () => SNAPSHOT_CHECK_MS,
    onError: (error) => this.logger.warn({ err: (error as Error).message }, 'segment size snapshot failed'),
    failureDelay: () => 30_000,
  });

  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly snapshots: TakeSizeSnapshotsUseCase,
  ) {}

  onApplicationBootstrap(): void {
    this.loop.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.loop.stop();
  }

  private async pass(): Promise<boolean> {
    const slot = slotOf(this.clock.now().getTime());
    if (slot === this.lastSlot) return false;
    await this.snapshots.execute({ at: new Date(slot) });
    this.lastSlot = slot;
    return false;
  }
}
