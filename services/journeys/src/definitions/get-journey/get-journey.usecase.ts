import { DATA_SOURCE } from '@cairn/runtime';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { JourneyRepository } from '../journey.repository';
import { journeyView, JourneyView } from '../journey.view';
import { GetJourneyCommand } from './get-journey.command';

/** Reads one journey by id or key; 404 when the workspace has none such. */
@Injectable()
export class GetJourneyUseCase {
  constructor(@Inject(DATA_SOURCE) private readonly dataSource: DataSource) {}

  async execute(command: GetJourneyCommand): Promise<JourneyView> {
    return journeyView(await new JourneyRepository(this.dataSource.manager).get(command.workspaceId, command.idOrKey));
  }
}
