import { CLOCK, Clock, PollingLoop } from '@cairn/core';
import { Logger } from '@cairn/observability';
import { DATA_SOURCE, LOGGER } from '@cairn/runtime';
import { BeforeApplicationShutdown, Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { FireSchedulesUseCase, SCHEDULE_PAGE } from '../schedules/fire-schedules/fire-schedules.usecase';
import { FireDueTimersUseCase, TIMER_BATCH } from '../runs/fire-due-timers/fire-due-timers.usecase';
import { TimerRepository } from '../runs/timer.repository';

export const TIMER_POLL_MS = 200;
/** Woken this much after the earliest pending due time, so that the claim's `due_at <= now` holds. */
const DUE_SLACK_MS = 2;
/** Passes in flight at once: while one waits on the database, the other computes (SKIP LOCKED keeps them apart). */
export const TIMER_WORKERS = 2;

/**
 * Fires due timers and due schedule pages in two concurrent loops: at once
 * again while there is more work, otherwise at the earliest pending timer's due
 * time or after 200 ms, whichever comes first (a timer armed ahead fires on
 * time, not up to a poll interval late). Starts with the app, before the
 * consumer joins its group (timers are rows; they do not need the consumer),
 * and stops before the database closes.
 */
@Injectable()
export class TimerPoller implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly loop = new PollingLoop({
    workers: TIMER_WORKERS,
    pass: async () => {
      const more = (await this.fireDueTimers.execute({ limit: TIMER_BATCH })) >= TIMER_BATCH;
      return (await this.fireSchedules.execute({ pageSize: SCHEDULE_PAGE })) > 0 || more;
    },
    idleDelay: async () => idleDelayMs(await this.nextDue(), this.clock.now()),
    onError: (error) => this.logger.warn({ err: (error as Error).message }, 'timer pass failed'),
  });

  constructor(
    private readonly fireDueTimers: FireDueTimersUseCase,
    private readonly fireSchedules: FireSchedulesUseCase,
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    this.loop.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.loop.stop();
  }

  /** The earliest pending timer's due time after now, whatever its workspace. */
  private nextDue(): Promise<Date | null> {
    return new TimerRepository(this.dataSource.manager).nextDue(this.clock.now());
  }
}

/** How long an idle loop sleeps: until the earliest pending timer is due (a little after), at most the poll interval. */
export function idleDelayMs(nextDue: Date | null, now: Date): number {
  if (!nextDue) return TIMER_POLL_MS;
  return Math.min(TIMER_POLL_MS, Math.max(0, nextDue.getTime() - now.getTime() + DUE_SLACK_MS));
}
