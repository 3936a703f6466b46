import { CLOCK, Clock, Conflict, ValidationFailed } from '@cairn/core';
import { DATA_SOURCE } from '@cairn/runtime';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { JourneyReferences } from '../../refs/journey-references';
import { JourneyRepository } from '../journey.repository';
import { journeyView, JourneyView } from '../journey.view';
import { SaveJourneyCommand } from './save-journey.command';

/**
 * Validates a journey body, with the segments, templates, channels and coupon
 * pools it names, and stores it as the draft; published versions are untouched.
 */
@Injectable()
export class SaveJourneyUseCase {
  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly references: JourneyReferences,
  ) {}

  async execute(command: SaveJourneyCommand): Promise<JourneyView> {
    const def = await this.references.validate(command, command.body);
    const now = this.clock.now();
    return this.dataSource.transaction(async (m) => {
      const repo = new JourneyRepository(m);
      if (command.idOrKey === undefined) {
        const created = await repo.insert(command.workspaceId, def, now);
        if (!created) throw new Conflict('JOURNEY_EXISTS', `a journey with key "${def.key}" already exists`);
        return journeyView(created);
      }
      const existing = await repo.get(command.workspaceId, command.idOrKey, true);
      if (existing.key !== def.key) throw new ValidationFailed([{ path: 'key', message: `must stay "${existing.key}"` }]);
      return journeyView(await repo.updateDraft(command.workspaceId, existing.id, def, now));
    });
  }
}
