import { Platform, PLATFORM } from '@cairn/runtime';
import { Inject, Injectable } from '@nestjs/common';
import { validateJourney } from '../../domain';
import { ScheduleRepository } from '../../schedules/schedule.repository';
import { ACCEPT_ALL_REFS } from '../journey-refs';
import { JourneyRepository } from '../journey.repository';
import { journeyView, JourneyView } from '../journey.view';
import { PublishJourneyCommand } from './publish-journey.command';

/**
 * Re-validates the draft and stores it as the next immutable version; new runs
 * start on it, running users finish on the version they started on. A
 * schedule-entry journey gets (or keeps) its durable schedule.
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
      const tz = this.platform.config.workspaces.find((w) => w.id === command.workspaceId)?.timezone ?? 'Asia/Seoul';
      await new ScheduleRepository(m).sync(command.workspaceId, journey.id, def, now, tz);
      return journeyView(await repo.get(command.workspaceId, journey.id));
    });
  }
}
