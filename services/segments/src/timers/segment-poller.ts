import { Platform, PLATFORM } from '@cairn/runtime';
import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { BackfillSegmentUseCase } from '../backfill/backfill-segment.usecase';
import { ProcessDueTimersUseCase, TIMER_BATCH } from './process-due-timers.usecase';

export const POLL_INTERVAL_MS = 250;

/**
 * The background loop: every ~250 ms, drain the due timers, then advance
 * pending backfills (processed-event keys are pruned by the runtime's
 * housekeeping, like every service's). Stops (and waits for the pass in hand) when the module
 * is destroyed, before the database closes.
 */
@Injectable()
export class SegmentPoller implements OnApplicationBootstrap, OnModuleDestroy {
  private running = false;
  private loop?: Promise<void>;
  private wake?: () => void;

  constructor(
    @Inject(PLATFORM) private readonly platform: Platform,
    private readonly timers: ProcessDueTimersUseCase,
    private readonly backfill: BackfillSegmentUseCase,
  ) {}

  onApplicationBootstrap(): void {
    this.running = true;
    this.loop = this.run();
  }

  async onModuleDestroy(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
  }

  private async run(): Promise<void> {
    while (this.running) {
      try {
        await this.pass();
      } catch (error) {
        this.platform.logger.warn({ err: (error as Error).message }, 'segment poller pass failed');
      }
      if (!this.running) break;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, POLL_INTERVAL_MS);
        this.wake = () => (clearTimeout(timer), resolve());
      });
      this.wake = undefined;
    }
  }

  private async pass(): Promise<void> {
    while (this.running && (await this.timers.execute()) >= TIMER_BATCH);
    for (let pages = 0; this.running && pages < 20 && (await this.backfill.step()); pages++);
  }
}
