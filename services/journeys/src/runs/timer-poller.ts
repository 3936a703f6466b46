import { Platform, PLATFORM } from '@cairn/runtime';
import { BeforeApplicationShutdown, Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { FireSchedulesUseCase } from '../schedules/fire-schedules/fire-schedules.usecase';
import { FireDueTimersUseCase, TIMER_BATCH } from './fire-due-timers/fire-due-timers.usecase';

export const TIMER_POLL_MS = 200;
/** Passes in flight at once: while one waits on the database, the other computes (SKIP LOCKED keeps them apart). */
export const TIMER_WORKERS = 2;

/**
 * Fires due timers and due schedule pages every 200 ms (at once again while
 * there is more work), in two concurrent loops; stops before the database closes.
 */
@Injectable()
export class TimerPoller implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private running = false;
  private loops: Promise<void>[] = [];
  private wakes = new Set<() => void>();

  constructor(
    private readonly fireDueTimers: FireDueTimersUseCase,
    private readonly fireSchedules: FireSchedulesUseCase,
    @Inject(PLATFORM) private readonly platform: Platform,
  ) {}

  onApplicationBootstrap(): void {
    this.running = true;
    this.loops = Array.from({ length: TIMER_WORKERS }, () => this.run());
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.running = false;
    for (const wake of this.wakes) wake();
    await Promise.all(this.loops);
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
        const wake = () => (clearTimeout(timer), this.wakes.delete(wake), resolve());
        const timer = setTimeout(wake, TIMER_POLL_MS);
        this.wakes.add(wake);
      });
    }
  }
}
