import { EntityManager } from 'typeorm';
import { EntryHistory, JourneyRun } from '../domain';

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

const ms = (n: number | undefined) => (n === undefined ? null : new Date(n));

/** Runs of one workspace's users; every state change is conditional on the revision read. */
export class RunRepository {
  constructor(private readonly m: EntityManager) {}

  /** Runs an event can still change: active ones, and ended ones whose goal window is open. */
  async openForUser(workspaceId: string, userId: string, at: Date): Promise<StoredRun[]> {
    return this.m.query(
      `SELECT workspace_id AS "workspaceId", journey_id AS "journeyId", revision, state AS run FROM journeys.runs
       WHERE workspace_id = $1 AND user_id = $2 AND (status = 'active' OR (NOT converted AND goal_deadline > $3))
       ORDER BY entered_at, id`,
      [workspaceId, userId, at],
    );
  }

  async byId(id: string): Promise<StoredRun | undefined> {
    const rows = await this.m.query(
      `SELECT workspace_id AS "workspaceId", journey_id AS "journeyId", revision, state AS run FROM journeys.runs WHERE id = $1`,
      [id],
    );
    return rows[0];
  }

  async history(workspaceId: string, journeyId: string, userId: string): Promise<EntryHistory> {
    const [row] = await this.m.query(
      `SELECT bool_or(status = 'active') AS active, max(entered_at) AS last, max(episode) AS episode, count(*)::int AS n
       FROM journeys.runs WHERE workspace_id = $1 AND journey_id = $2 AND user_id = $3`,
      [workspaceId, journeyId, userId],
    );
    return {
      active: row.active === true,
      everEntered: row.n > 0,
      ...(row.last ? { lastEnteredAt: new Date(row.last).getTime() } : {}),
      ...(row.episode ? { lastEpisode: Number(row.episode) } : {}),
    };
  }

  /** Inserts a new run; false when its (journey, user, episode) exists or the user already has an active run. */
  async insert(workspaceId: string, journeyId: string, run: JourneyRun): Promise<boolean> {
    const rows = await this.m.query(
      `INSERT INTO journeys.runs (id, workspace_id, journey_id, version, user_id, episode, status, step, grp, converted,
         goal_deadline, exit_reason, entered_at, ended_at, state)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) ON CONFLICT DO NOTHING RETURNING id`,
      [run.id, workspaceId, journeyId, run.version, run.userId, run.episode, ...this.columns(run)],
    );
    return rows.length === 1;
  }

  /** The conditional update: true when nobody changed the run since `revision` was read. */
  async update(stored: StoredRun, run: JourneyRun): Promise<boolean> {
    const [, count] = await this.m.query(
      `UPDATE journeys.runs SET status = $3, step = $4, grp = $5, converted = $6, goal_deadline = $7, exit_reason = $8,
         entered_at = $9, ended_at = $10, state = $11, revision = revision + 1
       WHERE id = $1 AND revision = $2`,
      [run.id, stored.revision, ...this.columns(run)],
    );
    return count === 1;
  }

  private columns(run: JourneyRun): unknown[] {
    return [
      run.status,
      run.step,
      run.group,
      run.converted === true,
      ms(run.goalDeadline),
      run.exitReason ?? null,
      new Date(run.enteredAt),
      ms(run.endedAt),
      run,
    ];
  }

  async userFacts(workspaceId: string, userId: string): Promise<UserFacts> {
    const rows = await this.m.query(`SELECT traits, segments FROM journeys.users WHERE workspace_id = $1 AND user_id = $2`, [
      workspaceId,
      userId,
    ]);
    return rows[0] ?? { traits: {}, segments: [] };
  }

  async mergeTraits(workspaceId: string, userId: string, traits: Record<string, unknown>): Promise<void> {
    await this.m.query(
      `INSERT INTO journeys.users (workspace_id, user_id, traits) VALUES ($1, $2, $3)
       ON CONFLICT (workspace_id, user_id) DO UPDATE SET traits = journeys.users.traits || excluded.traits`,
      [workspaceId, userId, traits],
    );
  }

  async setSegment(workspaceId: string, userId: string, segment: string, member: boolean): Promise<void> {
    await this.m.query(
      `INSERT INTO journeys.users (workspace_id, user_id, segments) VALUES ($1, $2, CASE WHEN $4 THEN ARRAY[$3::text] ELSE '{}'::text[] END)
       ON CONFLICT (workspace_id, user_id) DO UPDATE SET segments = CASE WHEN $4
         THEN array_append(array_remove(journeys.users.segments, $3::text), $3::text)
         ELSE array_remove(journeys.users.segments, $3::text) END`,
      [workspaceId, userId, segment, member],
    );
  }
}
