import { EntityManager } from 'typeorm';
import { JourneyDefinition, nextCronTime, ScheduleEntry } from '../domain';

export interface DueSchedule {
  journeyId: string;
  workspaceId: string;
  dueAt: Date;
  cursor: string | null;
}

/** The durable schedule of each published schedule-entry journey. */
export class ScheduleRepository {
  constructor(private readonly m: EntityManager) {}

  /**
   * After a publish: a schedule-entry journey gets its next occurrence (an
   * occurrence being entered keeps going and then follows the new version);
   * any other entry drops the schedule.
   */
  async sync(workspaceId: string, journeyId: string, def: JourneyDefinition, now: Date, tz: string): Promise<void> {
    const next = 'schedule' in def.entry ? nextCronTime((def.entry as ScheduleEntry).schedule, now, tz) : null;
    if (next === null) {
      await this.m.query(`DELETE FROM journeys.schedules WHERE journey_id = $1 AND workspace_id = $2`, [journeyId, workspaceId]);
      return;
    }
    await this.m.query(
      `INSERT INTO journeys.schedules (journey_id, workspace_id, due_at) VALUES ($1, $2, $3)
       ON CONFLICT (journey_id) DO UPDATE SET due_at = excluded.due_at WHERE journeys.schedules.cursor IS NULL`,
      [journeyId, workspaceId, next],
    );
  }

  /** Claims one due schedule of an active journey (SKIP LOCKED: replicas take different ones). */
  async claimDue(now: Date): Promise<DueSchedule | undefined> {
    const rows = await this.m.query(
      `SELECT s.journey_id AS "journeyId", s.workspace_id AS "workspaceId", s.due_at AS "dueAt", s.cursor
       FROM journeys.schedules s JOIN journeys.journeys j ON j.id = s.journey_id AND j.status = 'active'
       WHERE s.due_at <= $1 ORDER BY s.due_at LIMIT 1 FOR UPDATE OF s SKIP LOCKED`,
      [now],
    );
    return rows[0];
  }

  /** One page of the segment's current members (as journeys knows them from the membership topic). */
  async members(workspaceId: string, segment: string, after: string, limit: number): Promise<string[]> {
    const rows: Array<{ userId: string }> = await this.m.query(
      `SELECT user_id AS "userId" FROM journeys.users
       WHERE workspace_id = $1 AND segments @> ARRAY[$2::text] AND user_id > $3 ORDER BY user_id LIMIT $4`,
      [workspaceId, segment, after, limit],
    );
    return rows.map((r) => r.userId);
  }

  async setCursor(journeyId: string, cursor: string): Promise<void> {
    await this.m.query(`UPDATE journeys.schedules SET cursor = $2 WHERE journey_id = $1`, [journeyId, cursor]);
  }

  /** The occurrence is complete: the next one, or no more schedule when the expression never matches again. */
  async advance(journeyId: string, next: Date | null): Promise<void> {
    if (next === null) await this.m.query(`DELETE FROM journeys.schedules WHERE journey_id = $1`, [journeyId]);
    else await this.m.query(`UPDATE journeys.schedules SET due_at = $2, cursor = NULL WHERE journey_id = $1`, [journeyId, next]);
  }
}
