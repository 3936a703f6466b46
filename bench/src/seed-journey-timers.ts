import { Client } from 'pg';
import { progress } from './report';

/** The stored run and pending timer of one run the journeys service created through its consumer. */
interface TemplateRun {
  id: string;
  workspaceId: string;
  journeyId: string;
  userId: string;
  episode: number;
  state: Record<string, unknown>;
  timerStep: string;
  timerOccurrence: number;
  dueAt: Date;
  enteredAt: Date;
}

/** Rows per INSERT … SELECT generate_series statement (one transaction each). */
const CHUNK = 100_000;
/** Seeded runs entered over the 23 hours before the template, so their timers fall due over the next 23 h (never during a trial). */
const SPREAD_S = 23 * 3600;

/**
 * `stableId(workspace, journey, user, episode)` of @cairn/core (sha256 of the
 * parts joined by U+001F, base64url, 32 characters), in SQL: the run id the
 * journeys service gives the same user's run.
 */
const RUN_ID_SQL = `left(translate(encode(sha256(convert_to($1 || chr(31) || $2 || chr(31) || u.user_id || chr(31) || $3::text, 'UTF8')), 'base64'), '+/', '-_'), 32)`;

async function readTemplate(db: Client, journeyId: string): Promise<TemplateRun> {
  const { rows } = await db.query(
    `SELECT r.id, r.workspace_id, r.user_id, r.episode, r.state, r.entered_at, t.step, t.occurrence, t.due_at
     FROM journeys.runs r JOIN journeys.timers t ON t.run_id = r.id AND t.status = 'pending'
     WHERE r.journey_id = $1`,
    [journeyId],
  );
  if (rows.length !== 1) throw new Error(`expected one armed template run of journey ${journeyId}, found ${rows.length}`);
  const r = rows[0];
  return {
    id: r.id,
    workspaceId: r.workspace_id,
    journeyId,
    userId: r.user_id,
    episode: r.episode,
    state: r.state,
    timerStep: r.step,
    timerOccurrence: r.occurrence,
    dueAt: r.due_at,
    enteredAt: r.entered_at,
  };
}

/** Epoch-ms fields of the run state that move with the run's entry time (only those the template holds). */
function timePaths(state: Record<string, unknown>): string[][] {
  const at = (path: string[]) => path.reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), state);
  return [['enteredAt'], ['context', 'entry', 'at'], ['waiting', 'until'], ['goalDeadline']].filter((p) => typeof at(p) === 'number');
}

/**
 * Clones the one run the journeys consumer created for `templateUser` (and its
 * pending timer) into `count - 1` more runs of the same journey, set-based:
 * user ids `<prefix><n>` (the template's user id is `<prefix>0`), run ids as
 * the service computes them, the state JSON rewritten for the new user and run,
 * and every time in it shifted back by up to 23 h with the timer's due time.
 * The rows are what the consumer would have written for those users' entry
 * events, so the timer poller handles them like any other (they fall due
 * between 1 h and 24 h after the template). Returns rows per second.
 */
export async function seedJourneyTimers(db: Client, journeyId: string, userPrefix: string, count: number): Promise<number> {
  const t = await readTemplate(db, journeyId);
  if (t.userId !== `${userPrefix}0`) throw new Error(`template user ${t.userId} is not ${userPrefix}0`);
  const check = await db.query(`SELECT ${RUN_ID_SQL} AS id FROM (SELECT $4::text AS user_id) u`, [t.workspaceId, journeyId, t.episode, t.userId]);
  if (check.rows[0].id !== t.id) throw new Error(`run id computed in SQL (${check.rows[0].id}) differs from the service's (${t.id})`);
  let state = `replace(replace($4::text, $5, u.user_id), $6, ${RUN_ID_SQL})::jsonb`;
  for (const path of timePaths(t.state)) {
    state = `jsonb_set(${state}, '{${path.join(',')}}', to_jsonb(($4::text::jsonb #>> '{${path.join(',')}}')::bigint - u.shift_ms))`;
  }
  const started = performance.now();
  for (let lo = 1; lo < count; lo += CHUNK) {
    const hi = Math.min(count - 1, lo + CHUNK - 1);
    await db.query(
      `WITH u AS (
         SELECT $7::text || n AS user_id, ((n::bigint * 7919) % ${SPREAD_S}) * 1000 + n % 1000 AS shift_ms FROM generate_series($8::int, $9::int) AS n
       ), runs AS (
         INSERT INTO journeys.runs (id, workspace_id, journey_id, version, user_id, episode, status, step, grp, converted,
           goal_deadline, exit_reason, entered_at, ended_at, revision, state)
         SELECT ${RUN_ID_SQL}, r.workspace_id, r.journey_id, r.version, u.user_id, r.episode, r.status, r.step, r.grp, r.converted,
           r.goal_deadline - u.shift_ms * interval '1 ms', r.exit_reason, r.entered_at - u.shift_ms * interval '1 ms', r.ended_at, r.revision,
           ${state}
         FROM u CROSS JOIN journeys.runs r WHERE r.id = $6
         RETURNING id, entered_at
       )
       INSERT INTO journeys.timers (run_id, step, occurrence, due_at)
       SELECT runs.id, $10, $11, $12::timestamptz - ($13::timestamptz - runs.entered_at) FROM runs`,
      [t.workspaceId, journeyId, t.episode, JSON.stringify(t.state), t.userId, t.id, userPrefix, lo, hi, t.timerStep, t.timerOccurrence, t.dueAt, t.enteredAt],
    );
    progress(`  seeded ${hi + 1}/${count} runs with a pending timer`);
  }
  // What autovacuum would do shortly after a bulk load: the poller's plans need the new row counts.
  await db.query('ANALYZE journeys.runs');
  await db.query('ANALYZE journeys.timers');
  return ((count - 1) * 1000) / (performance.now() - started);
}
