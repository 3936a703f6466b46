import { userPartitionKey } from '@cairn/contracts';
import { removeFromOutbox } from '@cairn/kafka';
import { EntityManager } from 'typeorm';
import { MEMBERSHIP_CONSUMER } from '../consumer/handle-memberships/handle-memberships.usecase';
import { TimerRepository } from '../runs/timer.repository';

/** Everything journeys keeps about one person, read for an export or removed by an erasure; scoped to one workspace. */
export class PersonRepository {
  constructor(private readonly m: EntityManager) {}

  /**
   * Removes the ids' runs with their timers (and failed timers), sends and coupon assignments, their traits and
   * memberships, item interest and catalog notices, identity links, the membership changes' processed keys (they
   * name the user) and the message requests not yet published.
   */
  async erase(workspaceId: string, ids: string[]): Promise<void> {
    const runs: Array<{ id: string }> = await this.m.query(`SELECT id FROM journeys.runs WHERE workspace_id = $1 AND user_id = ANY($2::text[])`, [
      workspaceId,
      ids,
    ]);
    const runIds = runs.map((r) => r.id);
    if (runIds.length > 0) {
      await new TimerRepository(this.m).cancelForRuns(runIds);
      await this.m.query(`DELETE FROM journeys.runs WHERE id = ANY($1::text[])`, [runIds]);
    }
    for (const table of ['users', 'item_interest']) {
      await this.m.query(`DELETE FROM journeys.${table} WHERE workspace_id = $1 AND user_id = ANY($2::text[])`, [workspaceId, ids]);
    }
    await this.m.query(
      `DELETE FROM journeys.catalog_entries c USING journeys.journeys j WHERE c.journey_id = j.id AND j.workspace_id = $1 AND c.user_id = ANY($2::text[])`,
      [workspaceId, ids],
    );
    await this.m.query(`DELETE FROM journeys.identity_links WHERE workspace_id = $1 AND (anonymous_id = ANY($2::text[]) OR user_id = ANY($2::text[]))`, [
      workspaceId,
      ids,
    ]);
    // A membership change's key is `<workspaceId>:<userId>:<segmentKey>:<seq>` (segment keys hold no colon).
    await this.m.query(
      `DELETE FROM journeys.processed_messages WHERE consumer = $1 AND key LIKE $2 || '%'
         AND EXISTS (SELECT 1 FROM unnest($3::text[]) AS p WHERE starts_with(key, p) AND substring(key FROM char_length(p) + 1) ~ '^[^:]+:[0-9]+$')`,
      [MEMBERSHIP_CONSUMER, `${workspaceId}:`, ids.map((id) => `${userPartitionKey(workspaceId, id)}:`)],
    );
    await removeFromOutbox(
      this.m,
      'journeys',
      ids.map((id) => userPartitionKey(workspaceId, id)),
    );
  }

  /** The user's traits and memberships as journeys keeps them. */
  async user(workspaceId: string, userId: string): Promise<{ traits: Record<string, unknown>; segments: string[] } | undefined> {
    const rows = await this.m.query(`SELECT traits, segments FROM journeys.users WHERE workspace_id = $1 AND user_id = $2`, [workspaceId, userId]);
    return rows[0];
  }

  /** The ids' runs (their whole state), with each run's sends and coupon. */
  async runs(workspaceId: string, ids: string[]): Promise<Array<Record<string, unknown>>> {
    return this.m.query(
      `SELECT r.id, j.key AS journey, r.version, r.user_id AS "userId", r.episode, r.status, r.step, r.grp AS "group", r.converted,
         r.exit_reason AS "exitReason", r.entered_at AS "enteredAt", r.ended_at AS "endedAt", r.state,
         COALESCE((SELECT jsonb_agg(jsonb_build_object('idempotencyKey', s.idempotency_key, 'step', s.step, 'status', s.status, 'reason', s.reason,
           'createdAt', s.created_at) ORDER BY s.created_at) FROM journeys.sends s WHERE s.run_id = r.id), '[]') AS sends,
         (SELECT jsonb_build_object('pool', c.pool, 'code', c.code, 'assignedAt', c.assigned_at) FROM journeys.coupon_assignments c WHERE c.run_id = r.id) AS coupon
       FROM journeys.runs r JOIN journeys.journeys j ON j.id = r.journey_id
       WHERE r.workspace_id = $1 AND r.user_id = ANY($2::text[]) ORDER BY r.entered_at, r.id`,
      [workspaceId, ids],
    );
  }

  async itemInterest(workspaceId: string, ids: string[]): Promise<Array<Record<string, unknown>>> {
    return this.m.query(
      `SELECT item_id AS "itemId", interested_at AS "interestedAt", ordered_at AS "orderedAt" FROM journeys.item_interest
       WHERE workspace_id = $1 AND user_id = ANY($2::text[]) ORDER BY item_id`,
      [workspaceId, ids],
    );
  }

  async catalogNotices(workspaceId: string, ids: string[]): Promise<Array<Record<string, unknown>>> {
    return this.m.query(
      `SELECT j.key AS journey, c.item_id AS "itemId", c.interest_at AS "interestAt", c.entered_at AS "enteredAt"
       FROM journeys.catalog_entries c JOIN journeys.journeys j ON j.id = c.journey_id
       WHERE j.workspace_id = $1 AND c.user_id = ANY($2::text[]) ORDER BY c.entered_at`,
      [workspaceId, ids],
    );
  }
}
