import { DATA_SOURCE } from '@cairn/runtime';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { JourneyRepository } from '../journey.repository';
import { DeleteJourneyCommand } from './delete-journey.command';

/** Deletes the journey with its versions, runs and their pending timers. */
@Injectable()
export class DeleteJourneyUseCase {
  constructor(@Inject(DATA_SOURCE) private readonly dataSource: DataSource) {}

  async execute(command: DeleteJourneyCommand): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      const repo = new JourneyRepository(m);
      const journey = await repo.get(command.workspaceId, command.idOrKey, true);
      await repo.delete(command.workspaceId, journey.id);
    });
  }
}
