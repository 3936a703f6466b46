import { CairnConfig } from '@cairn/config';
import { CLOCK, Clock } from '@cairn/core';
import { runIsolatedPass } from '@cairn/db';
import { Logger } from '@cairn/observability';
import { CONFIG, DATA_SOURCE, isolatedPassOptions, LOGGER, retentionWork } from '@cairn/runtime';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { MESSAGING_SCHEMA } from '../../shared/schema';
import { RetentionRepository } from '../retention.repository';

/**
 * One pass of the workspaces' retention policies over messaging (`retention`
 * in CAIRN_CONFIG): per workspace, a chunk of settled sends loses its rendered
 * content and context after `renderedContent`, and settled sends are deleted
 * after `history`. Resolves true when a chunk was full. Consents and their
 * history are kept: they are the proof of consent the law asks for, and go
 * with the person's erasure.
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
      MESSAGING_SCHEMA,
      config.workspaces,
      () => clock.now(),
      (m, workspaceId, policy, now) => new RetentionRepository(m).apply(workspaceId, policy, now),
    );
    const pass = await runIsolatedPass(isolatedPassOptions({ dataSource, schema: MESSAGING_SCHEMA, logger, clock, config }), work);
    return pass.results.some(Boolean);
  }
}
