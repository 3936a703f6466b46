import { CairnConfig, DataRightsConfig } from '@cairn/config';
import { CLOCK, Clock } from '@cairn/core';
import { runIsolatedPass } from '@cairn/db';
import { Logger } from '@cairn/observability';
import { CONFIG, DATA_SOURCE, isolatedPassOptions, LOGGER, retentionCutoff, retentionWork } from '@cairn/runtime';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { RetentionRepository } from '../retention.repository';

/**
 * One pass of the workspaces' retention policies over segments
 * (`retention.history` in CAIRN_CONFIG): a sweep over each workspace's users,
 * a page per pass, removes stored event occurrences older than the cutoff
 * (totals and traits stay; the users are re-evaluated), and the latest item
 * occurrences older than it. Resolves true while a sweep has pages to go; a
 * new sweep begins once every workspace's is done. The cursor is this
 * process's: a sweep another replica takes over starts from the first user.
 */
@Injectable()
export class ApplyRetentionUseCase {
  private readonly cursors = new Map<string, string>();
  private readonly swept = new Set<string>();

  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(CONFIG) private readonly config: CairnConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async execute(): Promise<boolean> {
    const { dataSource, clock, config, logger } = this;
    if (config.workspaces.every((w) => this.swept.has(w.id))) this.swept.clear();
    const work = retentionWork(
      'segments',
      config.workspaces,
      () => clock.now(),
      (m, workspaceId, policy, now) => this.page(m, workspaceId, policy, now),
    );
    const pass = await runIsolatedPass(isolatedPassOptions({ dataSource, schema: 'segments', logger, clock, config }), work);
    return pass.results.some(Boolean);
  }

  private async page(m: EntityManager, workspaceId: string, policy: DataRightsConfig['retention'], now: Date): Promise<boolean> {
    const cutoff = retentionCutoff(policy.historyMs, now);
    // A workspace that keeps history forever has nothing to sweep: it counts as swept, so the next cycle still begins.
    if (!cutoff) this.swept.add(workspaceId);
    if (!cutoff || this.swept.has(workspaceId)) return false;
    const repo = new RetentionRepository(m);
    const { last, full } = await repo.pruneHistoryPage(workspaceId, cutoff.getTime(), this.cursors.get(workspaceId) ?? '', now);
    const moreItems = await repo.pruneItemOccurrences(workspaceId, cutoff.getTime());
    if (full && last !== null) this.cursors.set(workspaceId, last);
    else if (!moreItems) {
      this.cursors.delete(workspaceId);
      this.swept.add(workspaceId);
    }
    return full || moreItems;
  }
}
