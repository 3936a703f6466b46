import { PollingLoop } from '@cairn/core';
import { Logger } from '@cairn/observability';
import { LOGGER } from '@cairn/runtime';
import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { ApplyRetentionUseCase } from '../retention/apply-retention/apply-retention.usecase';

/** How often segments sweeps its users for history past the retention policy (a sweep reads every stored state). */
export const SEGMENTS_RETENTION_EVERY_MS = 24 * 60 * 60 * 1000;

/** Applies the workspaces' retention policies once a day, page after page while a sweep has more. */
@Injectable()
export class RetentionJob implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly loop = new PollingLoop({
    pass: () => this.retention.execute(),
    idleDelay: () => SEGMENTS_RETENTION_EVERY_MS,
    onError: (error) => this.logger.warn({ err: (error as Error).message }, 'retention pass failed'),
    failureDelay: () => 60_000,
  });

  constructor(
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly retention: ApplyRetentionUseCase,
  ) {}

  onApplicationBootstrap(): void {
    this.loop.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.loop.stop();
  }
}
