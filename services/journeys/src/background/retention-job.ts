import { PollingLoop } from '@cairn/core';
import { Logger } from '@cairn/observability';
import { LOGGER, RETENTION_EVERY_MS } from '@cairn/runtime';
import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { ApplyRetentionUseCase } from '../retention/apply-retention/apply-retention.usecase';

/** Applies the workspaces' retention policies every hour, chunk after chunk while there is more. */
@Injectable()
export class RetentionJob implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly loop = new PollingLoop({
    pass: () => this.retention.execute(),
    idleDelay: () => RETENTION_EVERY_MS,
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
