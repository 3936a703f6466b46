import { Platform, PLATFORM } from '@cairn/runtime';
import { Inject, Injectable } from '@nestjs/common';
import { JourneyRepository } from '../journey.repository';
import { journeyView, JourneyView } from '../journey.view';
import { ListJourneysCommand } from './list-journeys.command';

/** Lists a workspace's journeys, in key order. */
@Injectable()
export class ListJourneysUseCase {
  constructor(@Inject(PLATFORM) private readonly platform: Platform) {}

  async execute(command: ListJourneysCommand): Promise<JourneyView[]> {
    return (await new JourneyRepository(this.platform.dataSource.manager).list(command.workspaceId)).map(journeyView);
  }
}
