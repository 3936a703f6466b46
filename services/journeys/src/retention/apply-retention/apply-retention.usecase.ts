import { CairnConfig } from '@cairn/config';
import { CLOCK, Clock } from '@cairn/core';
import { runIsolatedPass } from '@cairn/db';
import { Logger } from '@cairn/observability';
import { CONFIG, DATA_SOURCE, isolatedPassOptions, LOGGER, retentionWork } from '@cairn/runtime';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { RetentionRepository } from '../retention.repository';

/**
 * One pass of the workspaces' retention policies over journeys (`retention.history`
 * in CAIRN_CONFIG): per workspace, a chunk of runs that ended before the cutoff
 * (goal window closed) goes with their sends and coupon assignments, and so do
 * older item interest and catalog notices. Resolves true when a chunk was full.
 * Re-entry rules (`once`, a cool-down) then look back as far as history is kept.
 */
@Injectable()
export class ApplyRetentionUseCase {
  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(CONFIG) private readonly config: CairnConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async execute(): Promise<boolean> {
    const { dataSource, clock, config, logger } = this;
    const work = retentionWork(
      'journeys',
      config.workspaces,
      () => clock.now(),
      (m, workspaceId, policy, now) => new RetentionRepository(m).apply(workspaceId, policy, now),
    );
    const pass = await runIsolatedPass(isolatedPassOptions({ dataSource, schema: 'journeys', logger, clock, config }), work);
    return pass.results.some(Boolean);
  }
}
