import { Platform, PLATFORM } from '@cairn/runtime';
import { Inject, Injectable } from '@nestjs/common';
import { nextCronTime, ScheduleEntry } from '../../domain';
import { JourneyRepository } from '../../definitions/journey.repository';
import { enterUsers } from '../../runs/enter-users';
import { ScheduleRepository } from '../schedule.repository';

export const SCHEDULE_PAGE = 1000;

/**
 * Enters one page of a due schedule's segment members per transaction, on
 * the journey's current version, and moves the schedule's cursor in the same
 * transaction; after the last page the next occurrence is set with
 * `nextCronTime` (from now, so an outage fires a missed occurrence once, not
 * once per missed slot). A crash resumes after the last committed page.
 */
@Injectable()
export class FireSchedulesUseCase {
  constructor(@Inject(PLATFORM) private readonly platform: Platform) {}

  /** Returns how many members were paged (0 when no schedule was due). */
  async execute(limit = SCHEDULE_PAGE): Promise<number> {
    const now = this.platform.clock.now();
    const { paged, queued } = await this.platform.dataSource.transaction(async (m) => {
      const schedules = new ScheduleRepository(m);
      const due = await schedules.claimDue(now);
      if (!due) return { paged: 0, queued: 0 };
      const journey = (await new JourneyRepository(m).activeByKind(due.workspaceId, 'schedule')).find((j) => j.journeyId === due.journeyId);
      const workspace = this.platform.config.workspaces.find((w) => w.id === due.workspaceId);
      const tz = workspace?.timezone ?? 'Asia/Seoul';
      if (!journey || !('schedule' in journey.definition.entry)) {
        await schedules.advance(due.journeyId, null);
        return { paged: 0, queued: 0 };
      }
      const entry = journey.definition.entry as ScheduleEntry;
      const members = await schedules.members(due.workspaceId, entry.segment, due.cursor ?? '', limit);
      const trigger = { kind: 'schedule' as const, segment: entry.segment, at: new Date(due.dueAt).getTime() };
      const { queued } = await enterUsers(m, journey, members, trigger, workspace, now);
      if (members.length < limit) await schedules.advance(due.journeyId, nextCronTime(entry.schedule, now, tz));
      else await schedules.setCursor(due.journeyId, members[members.length - 1]);
      return { paged: Math.max(members.length, 1), queued };
    });
    if (queued > 0) this.platform.outbox.nudge();
    return paged;
  }
}
