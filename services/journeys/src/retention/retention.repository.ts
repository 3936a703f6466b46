import { DataRightsConfig } from '@cairn/config';
import { RETENTION_CHUNK, retentionCutoff } from '@cairn/runtime';
import { EntityManager } from 'typeorm';

/** What the retention policy removes from journeys; scoped to one workspace. */
export class RetentionRepository {
  constructor(private readonly m: EntityManager) {}

  /**
   * One chunk of a workspace's `history` policy: runs that ended before the cutoff (their goal window closed;
   * with their sends and coupon assignments), and item interest and catalog notices older than it. True when a
   * chunk was full (more may be due).
   */
  async apply(workspaceId: string, policy: DataRightsConfig['retention'], now: Date): Promise<boolean> {
    const cutoff = retentionCutoff(policy.historyMs, now);
    if (!cutoff) return false;
    const counts = [
      await this.deleted(
        `DELETE FROM journeys.runs WHERE id IN (
           SELECT id FROM journeys.runs WHERE workspace_id = $1 AND status <> 'active' AND ended_at < $2 AND (goal_deadline IS NULL OR goal_deadline <= $4)
           ORDER BY ended_at LIMIT $3 FOR UPDATE SKIP LOCKED)`,
        [workspaceId, cutoff, RETENTION_CHUNK, now],
      ),
      await this.deleted(
        `DELETE FROM journeys.item_interest WHERE ctid = ANY(ARRAY(
           SELECT ctid FROM journeys.item_interest WHERE workspace_id = $1 AND GREATEST(interested_at, ordered_at) < $2 LIMIT $3))`,
        [workspaceId, cutoff, RETENTION_CHUNK],
      ),
      await this.deleted(
        `DELETE FROM journeys.catalog_entries WHERE ctid = ANY(ARRAY(
           SELECT c.ctid FROM journeys.catalog_entries c JOIN journeys.journeys j ON j.id = c.journey_id
           WHERE j.workspace_id = $1 AND c.entered_at < $2 LIMIT $3))`,
        [workspaceId, cutoff, RETENTION_CHUNK],
      ),
    ];
    return counts.some((n) => n >= RETENTION_CHUNK);
  }

  private async deleted(sql: string, params: unknown[]): Promise<number> {
    const [, count]: [unknown, number] = await this.m.query(sql, params);
    return count;
  }
}
