import { MAX_TRAITS_PER_USER } from '@cairn/conditions';
import { EntityManager } from 'typeorm';
import { EntryHistory, JourneyRun } from '@cairn/journeys-domain';
import { StoredRun, UserFacts } from './run.repository';

const ms = (n: number | undefined) => (n === undefined ? null : new Date(n).toISOString());

/** The run's columns as a JSON record for `jsonb_to_recordset`. */
function record(workspaceId: string, journeyId: string, run: JourneyRun, revision = 0): Record<string, unknown> {
  return {
    id: run.id,
    workspace_id: workspaceId,
    journey_id: journeyId,
    version: run.version,
    user_id: run.userId,
    episode: run.episode,
    revision,
    status: run.status,
    step: run.step,
    grp: run.group,
    converted: run.converted === true,
    goal_deadline: ms(run.goalDeadline),
    exit_reason: run.exitReason ?? null,
    entered_at: ms(run.enteredAt),
    ended_at: ms(run.endedAt),
    state: run,
  };
}

const RECORD_TYPE = `x(id text, workspace_id text, journey_id uuid, version int, user_id text, episode int, revision int, status text,
  step text, grp text, converted boolean, goal_deadline timestamptz, exit_reason text, entered_at timestamptz,
  ended_at timestamptz, state jsonb)`;

/**
 * Set-based reads and writes of many runs at once (schedule and catalog
 * entries, timer batches): a fixed number of round trips per batch, whatever
 * its size. Every call is scoped to one workspace, except `update` (by the
 * ids of runs read or claimed).
 */
export class RunBatchRepository {
  constructor(private readonly m: EntityManager) {}

  /** Each user's history with one journey (users without runs are absent). */
  async histories(workspaceId: string, journeyId: string, userIds: string[]): Promise<Map<string, EntryHistory>> {
    const rows: Array<{ userId: string; active: boolean; last: Date | null; episode: number | null; n: number }> = await this.m.query(
      `SELECT user_id AS "userId", bool_or(status = 'active') AS active, max(entered_at) AS last, max(episode) AS episode, count(*)::int AS n
       FROM journeys.runs WHERE workspace_id = $1 AND journey_id = $2 AND user_id = ANY($3::text[]) GROUP BY user_id`,
      [workspaceId, journeyId, userIds],
    );
    return new Map(rows.map((row) => [row.userId, toHistory(row)]));
  }

  /** Each user's history with each of the journeys, keyed `journeyId:userId` (pairs without runs are absent). */
  async historiesOf(workspaceId: string, journeyIds: string[], userIds: string[]): Promise<Map<string, EntryHistory>> {
    const rows: Array<{ journeyId: string; userId: string; active: boolean; last: Date | null; episode: number | null; n: number }> = await this.m.query(
      `SELECT journey_id AS "journeyId", user_id AS "userId", bool_or(status = 'active') AS active, max(entered_at) AS last,
         max(episode) AS episode, count(*)::int AS n
       FROM journeys.runs WHERE workspace_id = $1 AND user_id = ANY($3::text[]) AND journey_id = ANY($2::uuid[])
       GROUP BY journey_id, user_id`,
      [workspaceId, [...new Set(journeyIds)], userIds],
    );
    return new Map(rows.map((row) => [`${row.journeyId}:${row.userId}`, toHistory(row)]));
  }

  /** The runs of many users an event at or after `since` can still change: active ones, and ended ones whose goal window is open. */
  async openForUsers(workspaceId: string, userIds: string[], since: Date): Promise<StoredRun[]> {
    return this.m.query(
      `SELECT workspace_id AS "workspaceId", journey_id AS "journeyId", revision, state AS run FROM journeys.runs
       WHERE workspace_id = $1 AND user_id = ANY($2::text[]) AND (status = 'active' OR (NOT converted AND goal_deadline > $3))
       ORDER BY entered_at, id`,
      [workspaceId, userIds, since],
    );
  }

  /**
   * These runs when they have a goal and have not converted, by id. By id:
   * the ids come from messaging's outcomes of requests journeys published
   * (across workspaces, each pair naming its workspace, which must be the run's).
   */
  async unconvertedByIds(pairs: Array<{ workspaceId: string; runId: string }>): Promise<Map<string, StoredRun>> {
    if (pairs.length === 0) return new Map();
    const rows: StoredRun[] = await this.m.query(
      `SELECT r.workspace_id AS "workspaceId", r.journey_id AS "journeyId", r.revision, r.state AS run FROM journeys.runs r
       JOIN (SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(w text, id text) LIMIT $2) x ON r.id = x.id AND r.workspace_id = x.w
       WHERE NOT r.converted AND r.goal_deadline IS NOT NULL`,
      // $2: the planner's row count of the pairs (ARCHITECTURE.md, "Row counts for the planner").
      [JSON.stringify(pairs.map((p) => ({ w: p.workspaceId, id: p.runId }))), pairs.length],
    );
    return new Map(rows.map((row) => [row.run.id, row]));
  }

  /**
   * Merges traits into many users' traits (top-level keys, as `||`; a user holds at most MAX_TRAITS_PER_USER:
   * past that, known traits still change and new names are ignored) and, when given, sets their segment
   * memberships (the membership consumer is their only writer). One statement, rows locked in user order,
   * so two consumers writing overlapping users at once wait for each other instead of deadlocking.
   */
  async saveUsers(workspaceId: string, users: Array<{ userId: string; traits: Record<string, unknown>; segments?: string[] }>): Promise<void> {
    if (users.length === 0) return;
    const withSegments = users.some((u) => u.segments !== undefined);
    await this.m.query(
      `INSERT INTO journeys.users (workspace_id, user_id, traits, segments)
       SELECT $1, u, t, ARRAY(SELECT jsonb_array_elements_text(s)) FROM jsonb_to_recordset($2::jsonb) AS x(u text, t jsonb, s jsonb) ORDER BY u
       ON CONFLICT (workspace_id, user_id) DO UPDATE SET traits = CASE
         WHEN excluded.traits = '{}'::jsonb THEN journeys.users.traits
         WHEN (SELECT count(*) FROM jsonb_object_keys(journeys.users.traits || excluded.traits)) <= ${MAX_TRAITS_PER_USER}
           THEN journeys.users.traits || excluded.traits
         ELSE journeys.users.traits || COALESCE((SELECT jsonb_object_agg(k, v) FROM jsonb_each(excluded.traits) AS e(k, v) WHERE journeys.users.traits ? k), '{}')
       END
       ${withSegments ? ', segments = excluded.segments' : ''}`,
      [workspaceId, JSON.stringify(users.map((x) => ({ u: x.userId, t: x.traits, s: x.segments ?? [] })))],
    );
  }

  /** Traits and memberships of many users of one workspace (unknown users get empty facts). */
  async userFacts(workspaceId: string, userIds: string[]): Promise<Map<string, UserFacts>> {
    const rows: Array<UserFacts & { userId: string }> = await this.m.query(
      `SELECT user_id AS "userId", traits, segments FROM journeys.users WHERE workspace_id = $1 AND user_id = ANY($2::text[])`,
      [workspaceId, [...new Set(userIds)]],
    );
    return new Map(rows.map((r) => [r.userId, { traits: r.traits, segments: r.segments }]));
  }

  /** Inserts runs; returns the ids inserted (an existing episode or an active run of the user skips the row). */
  async insert(workspaceId: string, journeyId: string, runs: JourneyRun[]): Promise<Set<string>> {
    return this.insertMany(
      workspaceId,
      runs.map((run) => ({ journeyId, run })),
    );
  }

  /** Inserts runs of several journeys of the workspace at once; returns the ids inserted. */
  async insertMany(workspaceId: string, runs: Array<{ journeyId: string; run: JourneyRun }>): Promise<Set<string>> {
    if (runs.length === 0) return new Set();
    const rows: Array<{ id: string }> = await this.m.query(
      `INSERT INTO journeys.runs (id, workspace_id, journey_id, version, user_id, episode, status, step, grp, converted,
         goal_deadline, exit_reason, entered_at, ended_at, state)
       SELECT id, workspace_id, journey_id, version, user_id, episode, status, step, grp, converted,
         goal_deadline, exit_reason, entered_at, ended_at, state
       FROM jsonb_to_recordset($1::jsonb) AS ${RECORD_TYPE}
       ON CONFLICT DO NOTHING RETURNING id`,
      [JSON.stringify(runs.map((r) => record(workspaceId, r.journeyId, r.run)))],
    );
    return new Set(rows.map((r) => r.id));
  }

  /**
   * Conditional update of many runs, each on the revision it was read at; returns the ids updated.
   * By id: the runs were read within a workspace (openForUsers) or claimed with their timers,
   * which mix workspaces; each keeps the workspace it was read in.
   */
  async update(changes: Array<{ stored: StoredRun; run: JourneyRun }>): Promise<Set<string>> {
    if (changes.length === 0) return new Set();
    const records = changes.map((c) => record(c.stored.workspaceId, c.stored.journeyId, c.run, c.stored.revision));
    // TypeORM answers an UPDATE ... RETURNING with [rows, affected count].
    const [rows]: [Array<{ id: string }>, number] = await this.m.query(
      `UPDATE journeys.runs r SET status = x.status, step = x.step, grp = x.grp, converted = x.converted,
         goal_deadline = x.goal_deadline, exit_reason = x.exit_reason, entered_at = x.entered_at, ended_at = x.ended_at,
         state = x.state, revision = r.revision + 1
       FROM (SELECT * FROM jsonb_to_recordset($1::jsonb) AS ${RECORD_TYPE} LIMIT $2) x
       WHERE r.id = x.id AND r.revision = x.revision RETURNING r.id`,
      // $2: the planner's row count of the runs (ARCHITECTURE.md, "Row counts for the planner").
      [JSON.stringify(records), records.length],
    );
    return new Set(rows.map((r) => r.id));
  }
}

function toHistory(row: { active: boolean; last: Date | null; episode: number | null; n: number }): EntryHistory {
  return {
    active: row.active === true,
    everEntered: row.n > 0,
    ...(row.last ? { lastEnteredAt: new Date(row.last).getTime() } : {}),
    ...(row.episode ? { lastEpisode: Number(row.episode) } : {}),
  };
}
