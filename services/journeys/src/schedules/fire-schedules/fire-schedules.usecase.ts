import { CairnConfig } from '@cairn/config';
import { CLOCK, Clock } from '@cairn/core';
import { IsolatedWork, queuedBy, runIsolatedPass } from '@cairn/db';
import { OutboxRelay } from '@cairn/kafka';
import { Logger } from '@cairn/observability';
import { CONFIG, DATA_SOURCE, isolatedPassOptions, LOGGER, OUTBOX, ParkedKind } from '@cairn/runtime';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { nextCronTime, ScheduleEntry } from '@cairn/journeys-domain';
import { JourneyRepository } from '../../definitions/journey.repository';
import { enterUsers } from '../../runs/enter-users';
import { DueSchedule, ScheduleRepository } from '../../definitions/schedule.repository';
import { FireSchedulesCommand } from './fire-schedules.command';

export const SCHEDULE_PAGE = 1000;
/** The failure-ledger kind of schedules (the item is the journey id). */
export const SCHEDULE_KIND = 'schedule';

/** An operator's retry of a failing or parked schedule: due now, resuming its page cursor (false when the schedule is gone). */
export const scheduleParkedKind: ParkedKind = {
  kind: SCHEDULE_KIND,
  release: (m, { workspaceId, item, now }) => new ScheduleRepository(m).release(workspaceId, item, now),
};

/**
 * Enters one page of a due schedule's segment members per transaction, on
 * the journey's current version, and moves the schedule's cursor in the same
 * transaction; after the last page the next occurrence is set with
 * `nextCronTime` (from now, so an outage fires a missed occurrence once, not
 * once per missed slot). A crash resumes after the last committed page.
 */
@Injectable()
export class FireSchedulesUseCase {
  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(CONFIG) private readonly config: CairnConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(OUTBOX) private readonly outbox: OutboxRelay,
  ) {}

  /**
   * Returns how many schedules it claimed (0 when none was due). A schedule
   * whose page fails on its own is set aside with backoff and parked after
   * its last attempt (runIsolatedPass); other schedules and timers go on.
   * The poller passes pages of SCHEDULE_PAGE members.
   */
  async execute(command: FireSchedulesCommand): Promise<number> {
    const now = this.clock.now();
    const work: IsolatedWork<DueSchedule> = {
      kind: SCHEDULE_KIND,
      identify: (due) => ({ item: due.journeyId, workspaceId: due.workspaceId }),
      claim: async (m, only) => {
        const due = await new ScheduleRepository(m).claimDue(now, only?.[0].journeyId);
        return due ? [due] : [];
      },
      handle: (m, [due]) => this.enterPage(m, due, now, command.pageSize),
      setAside: (m, due, retryAt) => new ScheduleRepository(m).setAside(due.workspaceId, due.journeyId, retryAt),
    };
    const pass = await runIsolatedPass(
      isolatedPassOptions({ dataSource: this.dataSource, schema: 'journeys', logger: this.logger, clock: this.clock, config: this.config }),
      work,
    );
    if (queuedBy(pass) > 0) this.outbox.nudge();
    return pass.claimed;
  }

  /** Enters one page of the schedule's members; returns how many message requests it queued. */
  private async enterPage(m: EntityManager, due: DueSchedule, now: Date, limit: number): Promise<number> {
    const schedules = new ScheduleRepository(m);
    const journey = (await new JourneyRepository(m).activeByKind(due.workspaceId, 'schedule')).find((j) => j.journeyId === due.journeyId);
    const workspace = this.config.workspaces.find((w) => w.id === due.workspaceId);
    const tz = workspace?.timezone ?? 'Asia/Seoul';
    if (!journey || !('schedule' in journey.definition.entry)) {
      await schedules.advance(due.workspaceId, due.journeyId, null);
      return 0;
    }
    const entry = journey.definition.entry as ScheduleEntry;
    const members = await schedules.members(due.workspaceId, entry.segment, due.cursor ?? '', limit);
    const trigger = { kind: 'schedule' as const, segment: entry.segment, at: new Date(due.dueAt).getTime() };
    const { queued } = await enterUsers(m, journey, members, trigger, workspace, now);
    if (members.length < limit) await schedules.advance(due.workspaceId, due.journeyId, nextCronTime(entry.schedule, now, tz));
    else await schedules.setCursor(due.workspaceId, due.journeyId, members[members.length - 1]);
    return queued;
  }
}
