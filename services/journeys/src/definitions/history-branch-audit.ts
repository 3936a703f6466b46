import { CairnConfig } from '@cairn/config';
import { Logger } from '@cairn/observability';
import { CONFIG, DATA_SOURCE, LOGGER } from '@cairn/runtime';
import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { branchesOnHistory } from '@cairn/journeys-domain';
import { JourneyRepository } from './journey.repository';

/**
 * Branches refuse event and recency conditions, which journeys cannot see;
 * a version published before they did keeps them, and its runs keep taking
 * `else` there unless the rest of the condition decides
 * (`runs/branch-condition.ts`). Such a version cannot be validated again, so
 * it is named once at start, one warning per version, for its owner to move
 * the condition into a segment and publish again. Never holds the start up.
 */
@Injectable()
export class HistoryBranchAudit implements OnApplicationBootstrap {
  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(CONFIG) private readonly config: CairnConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const journeys = new JourneyRepository(this.dataSource.manager);
    for (const workspace of this.config.workspaces) {
      try {
        for (const version of await journeys.versionsBranchingOnHistory(workspace.id)) {
          const steps = branchesOnHistory(version.definition);
          if (steps.length === 0) continue;
          this.logger.warn(
            { workspaceId: workspace.id, journey: version.key, journeyId: version.journeyId, version: version.version, steps },
            `journey "${version.key}" version ${version.version} branches on event history, which journeys cannot see: ` +
              'those branches take else unless the rest of their condition decides; define a segment with the condition, ' +
              'branch on { "segment": "<key>" } and publish again',
          );
        }
      } catch (error) {
        this.logger.warn({ workspaceId: workspace.id, err: (error as Error).message }, 'could not look for journey versions branching on event history');
      }
    }
  }
}
