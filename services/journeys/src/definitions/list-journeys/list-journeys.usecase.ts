import { DATA_SOURCE } from '@cairn/runtime';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { JourneyRepository } from '../journey.repository';
import { journeyView, JourneyView } from '../journey.view';
import { ListJourneysCommand } from './list-journeys.command';

/** Lists a workspace's journeys, in key order. */
@Injectable()
export class ListJourneysUseCase {
  constructor(@Inject(DATA_SOURCE) private readonly dataSource: DataSource) {}

  async execute(command: ListJourneysCommand): Promise<JourneyView[]> {
    return (await new JourneyRepository(this.dataSource.manager).list(command.workspaceId)).map(journeyView);
  }
}
