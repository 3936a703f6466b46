import { PollingLoop } from '@cairn/core';
import { Logger } from '@cairn/observability';
import { LOGGER } from '@cairn/runtime';
import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { RunBroadcastStepUseCase } from '../broadcasts/run-broadcast-step/run-broadcast-step.usecase';

const IDLE_MS = 500;

/**
 * Runs the steps of due broadcasts (of every workspace, replicas sharing
 * them: each step is claimed): one step after another while any is due, then
 * every 500 ms one claim tells whether a broadcast is due.
 */
@Injectable()
export class BroadcastPoller implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly loop = new PollingLoop({
    pass: () => this.steps.execute(),
    idleDelay: () => IDLE_MS,
    onError: (error) => this.logger.warn({ err: (error as Error).message }, 'broadcast step failed'),
  });

  constructor(
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly steps: RunBroadcastStepUseCase,
  ) {}

  onApplicationBootstrap(): void {
    this.loop.start();
  }

  /** Stops before the delivery queue drains and the providers shut down. */
  async onModuleDestroy(): Promise<void> {
    await this.loop.stop();
  }
}
