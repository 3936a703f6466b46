import { CLOCK, Clock, Conflict } from '@cairn/core';
import { DATA_SOURCE } from '@cairn/runtime';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { JourneyRepository } from '../journey.repository';
import { journeyView, JourneyView } from '../journey.view';
import { SetJourneyStatusCommand } from './set-journey-status.command';

@Injectable()
export class SetJourneyStatusUseCase {
  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute(command: SetJourneyStatusCommand): Promise<JourneyView> {
    const now = this.clock.now();
    return this.dataSource.transaction(async (m) => {
      const repo = new JourneyRepository(m);
      const journey = await repo.get(command.workspaceId, command.idOrKey, true);
      if (journey.currentVersion === null) throw new Conflict('JOURNEY_NOT_PUBLISHED', `journey "${journey.key}" has never been published`);
      const status = command.action === 'pause' ? 'paused' : 'active';
      return journeyView(await repo.setStatus(command.workspaceId, journey.id, status, now));
    });
  }
}
