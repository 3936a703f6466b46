import { Platform, PLATFORM } from '@cairn/runtime';
import { BeforeApplicationShutdown, Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { FireSchedulesUseCase } from '../schedules/fire-schedules/fire-schedules.usecase';
import { FireDueTimersUseCase, TIMER_BATCH } from './fire-due-timers/fire-due-timers.usecase';

export const TIMER_POLL_MS = 200;

/**
 * Fires due timers and due schedule pages every 200 ms (at once again while
 * there is more work); stops before the database closes.
 */
@Injectable()
export class TimerPoller implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private running = false;
  private loop?: Promise<void>;
  private wake?: () => void;

  constructor(
    private readonly fireDueTimers: FireDueTimersUseCase,
    private readonly fireSchedules: FireSchedulesUseCase,
    @Inject(PLATFORM) private readonly platform: Platform,
  ) {}

  onApplicationBootstrap(): void {
    this.running = true;
    this.loop = this.run();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
  }

  private async run(): Promise<void> {
    while (this.running) {
      let more = false;
      try {
        more = (await this.fireDueTimers.execute(TIMER_BATCH)) >= TIMER_BATCH;
        more = (await this.fireSchedules.execute()) > 0 || more;
      } catch (error) {
        this.platform.logger.warn({ err: (error as Error).message }, 'timer pass failed');
      }
      if (more && this.running) continue;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, TIMER_POLL_MS);
        this.wake = () => (clearTimeout(timer), resolve());
      });
      this.wake = undefined;
    }
  }
}
