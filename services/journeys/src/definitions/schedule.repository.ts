import { EntityManager } from 'typeorm';
import { JourneyDefinition, nextCronTime, ScheduleEntry } from '@cairn/journeys-domain';

export interface DueSchedule {
  journeyId: string;
  workspaceId: string;
  dueAt: Date;
  cursor: string | null;
}

/**
 * The durable schedule of each published schedule-entry journey; every call
 * is scoped to one workspace, except the loop's claim (claimDue).
 */
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

  /**
   * Claims one due schedule of an active journey (SKIP LOCKED: replicas take
   * different ones); with `journeyId`, that one only. Across workspaces: the
   * schedule loop serves every workspace, and the claimed schedule names its own.
   */
  async claimDue(now: Date, journeyId?: string): Promise<DueSchedule | undefined> {
    const rows = await this.m.query(
      `SELECT s.journey_id AS "journeyId", s.workspace_id AS "workspaceId", s.due_at AS "dueAt", s.cursor
       FROM journeys.schedules s JOIN journeys.journeys j ON j.id = s.journey_id AND j.status = 'active'
       WHERE s.due_at <= $1 ${journeyId ? 'AND s.journey_id = $2' : ''} ORDER BY s.due_at LIMIT 1 FOR UPDATE OF s SKIP LOCKED`,
      journeyId ? [now, journeyId] : [now],
    );
    return rows[0];
  }

  /** A failed page: the schedule is due again at `retryAt` (same cursor), or parked (never due) when it is null. */
  async setAside(workspaceId: string, journeyId: string, retryAt: Date | null): Promise<void> {
    await this.m.query(`UPDATE journeys.schedules SET due_at = COALESCE($3::timestamptz, 'infinity') WHERE journey_id = $1 AND workspace_id = $2`, [
      journeyId,
      workspaceId,
      retryAt,
    ]);
  }

  /** An operator's retry: the workspace's schedule is due now; false when there is none. */
  async release(workspaceId: string, journeyId: string, now: Date): Promise<boolean> {
    if (!/^[0-9a-f-]{36}$/i.test(journeyId)) return false;
    const rows: Array<{ id: string }> = await this.m.query(
      `WITH s AS (UPDATE journeys.schedules SET due_at = $3 WHERE journey_id = $1 AND workspace_id = $2 RETURNING journey_id AS id) SELECT id FROM s`,
      [journeyId, workspaceId, now],
    );
    return rows.length > 0;
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

  async setCursor(workspaceId: string, journeyId: string, cursor: string): Promise<void> {
    await this.m.query(`UPDATE journeys.schedules SET cursor = $3 WHERE journey_id = $1 AND workspace_id = $2`, [journeyId, workspaceId, cursor]);
  }

  /** The occurrence is complete: the next one, or no more schedule when the expression never matches again. */
  async advance(workspaceId: string, journeyId: string, next: Date | null): Promise<void> {
    if (next === null) await this.m.query(`DELETE FROM journeys.schedules WHERE journey_id = $1 AND workspace_id = $2`, [journeyId, workspaceId]);
    else
      await this.m.query(`UPDATE journeys.schedules SET due_at = $3, cursor = NULL WHERE journey_id = $1 AND workspace_id = $2`, [
        journeyId,
        workspaceId,
        next,
      ]);
  }
}
