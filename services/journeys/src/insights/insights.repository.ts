import { EntityManager } from 'typeorm';
import { JourneyDefinition, RunGroup } from '@cairn/journeys-domain';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface JourneyHead {
  id: string;
  key: string;
  name: string;
  status: string;
  currentVersion: number | null;
}

export interface VersionRow {
  version: number;
  publishedAt: Date;
  runs: number;
}

export interface StepRow {
  step: string;
  reached: number;
  waiting: number;
  exited: number;
}

export interface GroupRow {
  group: RunGroup;
  status: 'active' | 'completed' | 'exited';
  entered: number;
  converted: number;
}

/**
 * What the console reads about a journey's versions and runs: set-based
 * counts over `journeys.runs`, every method scoped to one workspace.
 */
export class InsightsRepository {
  constructor(private readonly m: EntityManager) {}

  /** By id or by key; another workspace's journey is not found. */
  async journey(workspaceId: string, idOrKey: string): Promise<JourneyHead | undefined> {
    const by = UUID.test(idOrKey) ? 'id = $2::uuid' : 'key = $2';
    const rows: JourneyHead[] = await this.m.query(
      `SELECT id, key, name, status, current_version AS "currentVersion" FROM journeys.journeys WHERE workspace_id = $1 AND ${by}`,
      [workspaceId, idOrKey],
    );
    return rows[0];
  }

  /** Published versions, newest first, with the runs each one started. */
  async versions(workspaceId: string, journeyId: string): Promise<VersionRow[]> {
    return this.m.query(
      `SELECT v.version, v.published_at AS "publishedAt",
              (SELECT count(*)::int FROM journeys.runs r WHERE r.workspace_id = $1 AND r.journey_id = v.journey_id AND r.version = v.version) AS runs
       FROM journeys.journey_versions v JOIN journeys.journeys j ON j.id = v.journey_id
       WHERE j.workspace_id = $1 AND v.journey_id = $2 ORDER BY v.version DESC`,
      [workspaceId, journeyId],
    );
  }

  async version(workspaceId: string, journeyId: string, version: number): Promise<{ definition: JourneyDefinition; publishedAt: Date } | undefined> {
    const rows = await this.m.query(
      `SELECT v.definition, v.published_at AS "publishedAt" FROM journeys.journey_versions v JOIN journeys.journeys j ON j.id = v.journey_id
       WHERE j.workspace_id = $1 AND v.journey_id = $2 AND v.version = $3`,
      [workspaceId, journeyId, version],
    );
    return rows[0];
  }

  /**
   * Per step of one version: runs that entered it at least once (the run's
   * `occurrences`), runs waiting in it now, and runs whose journey ended there
   * by an exit. One pass over the version's runs each.
   */
  async steps(workspaceId: string, journeyId: string, version: number): Promise<StepRow[]> {
    const params = [workspaceId, journeyId, version];
    const [reached, now]: [Array<{ step: string; n: number }>, Array<{ step: string; waiting: number; exited: number }>] = await Promise.all([
      this.m.query(
        `SELECT o.step, count(*)::int AS n
         FROM journeys.runs r
         CROSS JOIN LATERAL jsonb_object_keys(CASE WHEN jsonb_typeof(r.state->'occurrences') = 'object' THEN r.state->'occurrences' ELSE '{}'::jsonb END) AS o(step)
         WHERE r.workspace_id = $1 AND r.journey_id = $2 AND r.version = $3 GROUP BY o.step`,
        params,
      ),
      this.m.query(
        `SELECT step, count(*) FILTER (WHERE status = 'active')::int AS waiting, count(*) FILTER (WHERE status = 'exited')::int AS exited
         FROM journeys.runs WHERE workspace_id = $1 AND journey_id = $2 AND version = $3 AND step IS NOT NULL GROUP BY step`,
        params,
      ),
    ]);
    const byStep = new Map<string, StepRow>();
    const row = (step: string) => byStep.get(step) ?? byStep.set(step, { step, reached: 0, waiting: 0, exited: 0 }).get(step)!;
    for (const r of reached) row(r.step).reached = r.n;
    for (const r of now) Object.assign(row(r.step), { waiting: r.waiting, exited: r.exited });
    return [...byStep.values()];
  }

  /** Runs of one version per group and status, with how many converted. */
  async groups(workspaceId: string, journeyId: string, version: number): Promise<GroupRow[]> {
    return this.m.query(
      `SELECT grp AS "group", status, count(*)::int AS entered, count(*) FILTER (WHERE converted)::int AS converted
       FROM journeys.runs WHERE workspace_id = $1 AND journey_id = $2 AND version = $3 GROUP BY grp, status`,
      [workspaceId, journeyId, version],
    );
  }
}
