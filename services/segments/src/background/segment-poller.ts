import { PollingLoop } from '@cairn/core';
import { Logger } from '@cairn/observability';
import { LOGGER } from '@cairn/runtime';
import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { BACKFILL_PAGE, BackfillSegmentUseCase } from '../backfill/backfill-segment/backfill-segment.usecase';
import { ProcessDueTimersUseCase, TIMER_BATCH } from '../timers/process-due-timers/process-due-timers.usecase';

export const POLL_INTERVAL_MS = 250;

/**
 * The background loop: every ~250 ms, drain the due timers, then advance
 * pending backfills (processed-event keys are pruned by the runtime's
 * housekeeping, like every service's). Stops (and waits for the pass in hand) when the module
 * is destroyed, before the database closes.
 */
@Injectable()
export class SegmentPoller implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly loop = new PollingLoop({
    pass: () => this.pass(),
    idleDelay: () => POLL_INTERVAL_MS,
    onError: (error) => this.logger.warn({ err: (error as Error).message }, 'segment poller pass failed'),
  });

  constructor(
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly timers: ProcessDueTimersUseCase,
    private readonly backfill: BackfillSegmentUseCase,
  ) {}

  onApplicationBootstrap(): void {
    this.loop.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.loop.stop();
  }

  /** Drains the due timers, then advances pending backfills by up to 20 pages (a backfill takes turns with the idle pause, not the whole CPU). */
  private async pass(): Promise<boolean> {
    while (this.loop.isRunning && (await this.timers.execute({ limit: TIMER_BATCH })) >= TIMER_BATCH);
    for (let pages = 0; this.loop.isRunning && pages < 20 && (await this.backfill.execute({ pageSize: BACKFILL_PAGE })); pages++);
    return false;
  }
}
