import { Platform, PLATFORM } from '@cairn/runtime';
import { Inject, Injectable } from '@nestjs/common';
import { validateJourney } from '../../domain';
import { ACCEPT_ALL_REFS } from '../journey-refs';
import { JourneyRepository } from '../journey.repository';
import { journeyView, JourneyView } from '../journey.view';
import { PublishJourneyCommand } from './publish-journey.command';

/**
 * Re-validates the draft and stores it as the next immutable version; new runs
 * start on it, running users finish on the version they started on.
 */
@Injectable()
export class PublishJourneyUseCase {
  constructor(@Inject(PLATFORM) private readonly platform: Platform) {}

  async execute(command: PublishJourneyCommand): Promise<JourneyView> {
    const now = this.platform.clock.now();
    return this.platform.dataSource.transaction(async (m) => {
      const repo = new JourneyRepository(m);
      const journey = await repo.get(command.workspaceId, command.idOrKey, true);
      const def = validateJourney(journey.draft, ACCEPT_ALL_REFS);
      await repo.publish(command.workspaceId, journey, def, now);
      return journeyView(await repo.get(command.workspaceId, journey.id));
    });
  }
}
