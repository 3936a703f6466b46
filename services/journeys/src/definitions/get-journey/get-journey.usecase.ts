import { Platform, PLATFORM } from '@cairn/runtime';
import { Inject, Injectable } from '@nestjs/common';
import { JourneyRepository } from '../journey.repository';
import { journeyView, JourneyView } from '../journey.view';
import { GetJourneyCommand } from './get-journey.command';

/** Reads one journey by id or key; 404 when the workspace has none such. */
@Injectable()
export class GetJourneyUseCase {
  constructor(@Inject(PLATFORM) private readonly platform: Platform) {}

  async execute(command: GetJourneyCommand): Promise<JourneyView> {
    return journeyView(await new JourneyRepository(this.platform.dataSource.manager).get(command.workspaceId, command.idOrKey));
  }
}
