import { EntityManager } from 'typeorm';
import { JourneyRun, RunGroup, SendCount } from '@cairn/journeys-domain';

/** A run as stored: the engine's run plus where it lives and its revision. */
export interface StoredRun {
  workspaceId: string;
  journeyId: string;
  revision: number;
  run: JourneyRun;
}

export interface UserFacts {
  traits: Record<string, unknown>;
  segments: string[];
}

/** A run as listed for its user. */
export interface UserRunRow {
  id: string;
  journey_id: string;
  key: string;
  version: number;
  episode: number;
  status: string;
  step: string | null;
  grp: string;
  converted: boolean;
  exit_reason: string | null;
  entered_at: Date;
  ended_at: Date | null;
}

/** A count of a journey's runs per version and one label (a status, a step or an exit reason). */
export interface VersionCount {
  version: number;
  label: string | null;
  grp?: RunGroup;
  n: number;
}

/** What one journey's runs did, per version: by group and status (with conversions), active per step, exits by reason, sends by outcome. */
export interface JourneyRunCounts {
  groups: Array<VersionCount & { converted: number }>;
  active: VersionCount[];
  exits: VersionCount[];
  sends: Array<SendCount & { version: number }>;
}

/** Reads of runs one at a time or in aggregate; every call is scoped to one workspace (set-based work is RunBatchRepository's). */
export class RunRepository {
  constructor(private readonly m: EntityManager) {}

  /** The user's runs with their journey's key, newest first (at most `limit`). */
  async ofUser(workspaceId: string, userId: string, limit: number): Promise<UserRunRow[]> {
    return this.m.query(
      `SELECT r.id, r.journey_id, j.key, r.version, r.episode, r.status, r.step, r.grp, r.converted, r.exit_reason, r.entered_at, r.ended_at
       FROM journeys.runs r JOIN journeys.journeys j ON j.id = r.journey_id
       WHERE r.workspace_id = $1 AND r.user_id = $2 ORDER BY r.entered_at DESC, r.id LIMIT $3`,
      [workspaceId, userId, limit],
    );
  }

  /** The journey's run and send counts per version, four GROUP BY queries at once. */
  async countsOf(workspaceId: string, journeyId: string): Promise<JourneyRunCounts> {
    const q = (sql: string): Promise<VersionCount[]> => this.m.query(sql, [workspaceId, journeyId]);
    const scope = `FROM journeys.runs r WHERE r.workspace_id = $1 AND r.journey_id = $2`;
    const [groups, active, exits, sends] = await Promise.all([
      q(`SELECT version, grp, status AS label, count(*)::int AS n, count(*) FILTER (WHERE converted)::int AS converted ${scope} GROUP BY 1, 2, 3`),
      q(`SELECT version, step AS label, count(*)::int AS n ${scope} AND status = 'active' GROUP BY 1, 2`),
      q(`SELECT version, exit_reason AS label, count(*)::int AS n ${scope} AND status = 'exited' GROUP BY 1, 2`),
      this.m.query(
        `SELECT r.version, s.status, s.reason, count(*)::int AS n, count(s.delivered_at)::int AS delivered, count(s.opened_at)::int AS opened,
           count(s.clicked_at)::int AS clicked, count(*) FILTER (WHERE s.bounce = 'hard')::int AS "hardBounced",
           count(*) FILTER (WHERE s.bounce = 'soft')::int AS "softBounced", count(s.complained_at)::int AS complained,
           count(s.fallback)::int AS "viaFallback"
         FROM journeys.sends s JOIN journeys.runs r ON r.id = s.run_id
         WHERE r.workspace_id = $1 AND r.journey_id = $2 GROUP BY 1, 2, 3`,
        [workspaceId, journeyId],
      ) as Promise<JourneyRunCounts['sends']>,
    ]);
    return { groups: groups as JourneyRunCounts['groups'], active, exits, sends };
  }
}
