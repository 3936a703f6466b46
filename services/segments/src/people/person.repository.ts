import { removeFromOutbox } from '@cairn/kafka';
import { userPartitionKey } from '@cairn/contracts';
import { EntityManager } from 'typeorm';
import type { UserState } from '@cairn/segments-domain';
import { TIMER_KIND } from '../evaluation/reevaluation-timers';

/** Everything segments keeps about one person, read for an export or removed by an erasure; scoped to one workspace. */
export class PersonRepository {
  constructor(private readonly m: EntityManager) {}

  /** Removes the ids' state, memberships, timers, item occurrences, identity links, failed re-evaluations and unpublished messages. */
  async erase(workspaceId: string, ids: string[]): Promise<void> {
    const params = [workspaceId, ids];
    for (const table of ['memberships', 'timers', 'item_occurrences', 'user_states']) {
      await this.m.query(`DELETE FROM segments.${table} WHERE workspace_id = $1 AND user_id = ANY($2::text[])`, params);
    }
    await this.m.query(`DELETE FROM segments.identity_links WHERE workspace_id = $1 AND (anonymous_id = ANY($2::text[]) OR user_id = ANY($2::text[]))`, params);
    await this.m.query(`DELETE FROM segments.failed_work WHERE kind = $1 AND item = ANY($2::text[])`, [
      TIMER_KIND,
      ids.map((id) => userPartitionKey(workspaceId, id)),
    ]);
    await removeFromOutbox(
      this.m,
      'segments',
      ids.map((id) => userPartitionKey(workspaceId, id)),
    );
  }

  async state(workspaceId: string, userId: string): Promise<{ state: UserState; updatedAt: Date } | undefined> {
    const rows = await this.m.query(`SELECT state, updated_at AS "updatedAt" FROM segments.user_states WHERE workspace_id = $1 AND user_id = $2`, [
      workspaceId,
      userId,
    ]);
    return rows[0];
  }

  async memberships(workspaceId: string, userId: string): Promise<Array<{ segment: string; enteredAt: Date }>> {
    return this.m.query(
      `SELECT s.key AS segment, ms.entered_at AS "enteredAt" FROM segments.memberships ms JOIN segments.segments s ON s.id = ms.segment_id
       WHERE ms.workspace_id = $1 AND ms.user_id = $2 ORDER BY s.key`,
      [workspaceId, userId],
    );
  }

  async links(workspaceId: string, ids: string[]): Promise<Array<{ id: string; mergedInto: string; linkedAt: Date }>> {
    return this.m.query(
      `SELECT anonymous_id AS id, user_id AS "mergedInto", linked_at AS "linkedAt" FROM segments.identity_links
       WHERE workspace_id = $1 AND (anonymous_id = ANY($2::text[]) OR user_id = ANY($2::text[])) ORDER BY linked_at, anonymous_id`,
      [workspaceId, ids],
    );
  }

  async itemOccurrences(workspaceId: string, userId: string): Promise<Array<{ event: string; property: string; value: string; lastAt: string }>> {
    const rows: Array<{ event: string; property: string; value: string; last_at: string }> = await this.m.query(
      `SELECT event, property, value, last_at FROM segments.item_occurrences WHERE workspace_id = $1 AND user_id = $2 ORDER BY event, property, value`,
      [workspaceId, userId],
    );
    return rows.map((r) => ({ event: r.event, property: r.property, value: r.value, lastAt: new Date(Number(r.last_at)).toISOString() }));
  }
}
