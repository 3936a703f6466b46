import { JourneyRun } from '@cairn/journeys-domain';
import { EntityManager } from 'typeorm';
import { StoredRun } from '../runs/run.repository';

const ms = (n: number | undefined) => (n === undefined ? null : new Date(n).toISOString());

/**
 * What a merge of one id into a user reads and writes besides the link: the
 * two ids' runs, traits and item interest. Every method is scoped to one
 * workspace; `moveRuns` goes by the ids of runs it read in that workspace.
 */
export class IdentityMergeRepository {
  constructor(private readonly m: EntityManager) {}

  /** Every run of the user (any status), oldest first, with its revision. */
  async runsOf(workspaceId: string, userId: string): Promise<StoredRun[]> {
    return this.m.query(
      `SELECT workspace_id AS "workspaceId", journey_id AS "journeyId", revision, state AS run FROM journeys.runs
       WHERE workspace_id = $1 AND user_id = $2 ORDER BY entered_at, id`,
      [workspaceId, userId],
    );
  }

  /** The user's active runs, with their revisions. */
  async activeRunsOf(workspaceId: string, userId: string): Promise<StoredRun[]> {
    return this.m.query(
      `SELECT workspace_id AS "workspaceId", journey_id AS "journeyId", revision, state AS run FROM journeys.runs
       WHERE workspace_id = $1 AND user_id = $2 AND status = 'active'`,
      [workspaceId, userId],
    );
  }

  /** The user's highest episode per journey, for these journeys. */
  async lastEpisodes(workspaceId: string, userId: string, journeyIds: string[]): Promise<Map<string, number>> {
    if (journeyIds.length === 0) return new Map();
    const rows: Array<{ journey_id: string; episode: number }> = await this.m.query(
      `SELECT journey_id, max(episode)::int AS episode FROM journeys.runs
       WHERE workspace_id = $1 AND user_id = $2 AND journey_id = ANY($3::uuid[]) GROUP BY journey_id`,
      [workspaceId, userId, [...new Set(journeyIds)]],
    );
    return new Map(rows.map((r) => [r.journey_id, Number(r.episode)]));
  }

  /**
   * Moves runs to their new user and episode with their new state, each on the revision it was read at;
   * returns the ids moved (a run a timer changed meanwhile is missing: the caller retries).
   */
  async moveRuns(workspaceId: string, runs: Array<{ revision: number; run: JourneyRun }>): Promise<Set<string>> {
    if (runs.length === 0) return new Set();
    const records = runs.map(({ revision, run }) => ({
      id: run.id,
      revision,
      user_id: run.userId,
      episode: run.episode,
      status: run.status,
      step: run.step,
      exit_reason: run.exitReason ?? null,
      ended_at: ms(run.endedAt),
      state: run,
    }));
    const [rows]: [Array<{ id: string }>, number] = await this.m.query(
      `UPDATE journeys.runs r SET user_id = x.user_id, episode = x.episode, status = x.status, step = x.step,
         exit_reason = x.exit_reason, ended_at = x.ended_at, state = x.state, revision = r.revision + 1
       FROM jsonb_to_recordset($2::jsonb) AS x(id text, revision int, user_id text, episode int, status text, step text,
         exit_reason text, ended_at timestamptz, state jsonb)
       WHERE r.workspace_id = $1 AND r.id = x.id AND r.revision = x.revision RETURNING r.id`,
      [workspaceId, JSON.stringify(records)],
    );
    return new Set(rows.map((r) => r.id));
  }

  /** The user's traits as journeys keeps them ({} for an unknown user). */
  async traitsOf(workspaceId: string, userId: string): Promise<Record<string, unknown>> {
    const rows: Array<{ traits: Record<string, unknown> }> = await this.m.query(`SELECT traits FROM journeys.users WHERE workspace_id = $1 AND user_id = $2`, [
      workspaceId,
      userId,
    ]);
    return rows[0]?.traits ?? {};
  }

  /** Removes the merged id's own row (its traits now live in the user's; its memberships end with it). */
  async removeUser(workspaceId: string, userId: string): Promise<void> {
    await this.m.query(`DELETE FROM journeys.users WHERE workspace_id = $1 AND user_id = $2`, [workspaceId, userId]);
  }

  /**
   * The merged id's item interest and catalog notices become the user's: per item, the latest interest and
   * order of either, and per (journey, item) the latest interest notified.
   */
  async moveItemInterest(workspaceId: string, from: string, into: string): Promise<void> {
    await this.m.query(
      `WITH gone AS (DELETE FROM journeys.item_interest WHERE workspace_id = $1 AND user_id = $2 RETURNING item_id, interested_at, ordered_at)
       INSERT INTO journeys.item_interest (workspace_id, item_id, user_id, interested_at, ordered_at)
       SELECT $1, item_id, $3, interested_at, ordered_at FROM gone
       ON CONFLICT (workspace_id, item_id, user_id) DO UPDATE SET
         interested_at = GREATEST(journeys.item_interest.interested_at, excluded.interested_at),
         ordered_at = GREATEST(journeys.item_interest.ordered_at, excluded.ordered_at)`,
      [workspaceId, from, into],
    );
    await this.m.query(
      `WITH gone AS (
         DELETE FROM journeys.catalog_entries c USING journeys.journeys j
         WHERE c.journey_id = j.id AND j.workspace_id = $1 AND c.user_id = $2 RETURNING c.journey_id, c.item_id, c.interest_at, c.entered_at)
       INSERT INTO journeys.catalog_entries (journey_id, item_id, user_id, interest_at, entered_at)
       SELECT journey_id, item_id, $3, interest_at, entered_at FROM gone
       ON CONFLICT (journey_id, item_id, user_id) DO UPDATE SET
         interest_at = GREATEST(journeys.catalog_entries.interest_at, excluded.interest_at),
         entered_at = GREATEST(journeys.catalog_entries.entered_at, excluded.entered_at)`,
      [workspaceId, from, into],
    );
  }
}
