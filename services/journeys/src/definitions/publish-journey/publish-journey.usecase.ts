import { CairnConfig } from '@cairn/config';
import { CLOCK, Clock, Conflict } from '@cairn/core';
import { CONFIG, DATA_SOURCE } from '@cairn/runtime';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { collectRefs, FoundRefs, validateWithFound } from '../../refs/collect-refs';
import { JourneyReferences } from '../../refs/journey-references';
import { ScheduleRepository } from '../schedule.repository';
import { JourneyRepository } from '../journey.repository';
import { journeyView, JourneyView } from '../journey.view';
import { PublishJourneyCommand } from './publish-journey.command';

/**
 * Re-validates the draft, with what it references (which may have been deleted
 * since it was saved), and stores it as the next immutable version; new runs
 * start on it, running users finish on the version they started on. A
 * schedule-entry journey gets (or keeps) its durable schedule.
 */
@Injectable()
export class PublishJourneyUseCase {
  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(CONFIG) private readonly config: CairnConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly references: JourneyReferences,
  ) {}

  /** `known`: references this request has already looked up (installing several journeys); looked up otherwise. */
  async execute(command: PublishJourneyCommand, known?: FoundRefs): Promise<JourneyView> {
    // The look-ups happen before the transaction: no row lock (or connection) is held while other services answer.
    const checked = await new JourneyRepository(this.dataSource.manager).get(command.workspaceId, command.idOrKey);
    const found = known ?? (await this.references.resolve(command, collectRefs(checked.draft)));
    const now = this.clock.now();
    return this.dataSource.transaction(async (m) => {
      const repo = new JourneyRepository(m);
      const journey = await repo.get(command.workspaceId, checked.id, true);
      if (JSON.stringify(journey.draft) !== JSON.stringify(checked.draft)) {
        throw new Conflict('JOURNEY_CHANGED', 'the draft changed while it was being published; publish again');
      }
      const def = validateWithFound(journey.draft, found);
      await repo.publish(command.workspaceId, journey, def, now);
      const tz = this.config.workspaces.find((w) => w.id === command.workspaceId)?.timezone ?? 'Asia/Seoul';
      await new ScheduleRepository(m).sync(command.workspaceId, journey.id, def, now, tz);
      return journeyView(await repo.get(command.workspaceId, journey.id));
    });
  }
}
