import { Client } from 'pg';
import { api } from './infra';
import { progress } from './report';

/** Rows per INSERT … SELECT generate_series statement (one transaction each). */
const CHUNK = 50_000;
const HOUR = 3_600_000;

/** "Viewed a page in the last day": a member falls out exactly one day after their last view (cause `time`). */
export const RECENT_VIEWERS = { key: 'bench-recent-viewers', name: 'Viewed a page in the last day', event: 'Page Viewed', windowMs: 24 * HOUR };

export interface SeedTarget {
  workspaceId: string;
  segmentId: string;
  /** User ids are `<userPrefix><n>`. */
  userPrefix: string;
  count: number;
  /** SQL (of the integer column `n`, literals only) for each user's last view, epoch ms. */
  lastViewSql: string;
}

/** Creates the segment through the API (empty workspace: its backfill is done at once); returns its id. */
export async function createRecentViewers(segmentsUrl: string): Promise<string> {
  const { json } = await api(segmentsUrl, 'POST', '/v1/segments', {
    key: RECENT_VIEWERS.key,
    name: RECENT_VIEWERS.name,
    condition: { event: RECENT_VIEWERS.event, within: '1d' },
  });
  return (json as { id: string }).id;
}

/**
 * Writes, set-based, what the segments service holds for a user of
 * RECENT_VIEWERS after ingesting their history at the time of their last view
 * `L`: a `Signed In` at L − 6 h and `Page Viewed` at L − 5 h, L − 2 h and L in
 * `user_states` (the state as `applyEvents` and `prune` leave it, sorted, with
 * its lifetime totals), the membership entered at the first view (seq 1),
 * `next_changes` of the segment and the re-evaluation timer at L + 1 d, when
 * the last view leaves the window. Not written: the processed-event keys of
 * those events (pruned after 7 days anyway) and the membership messages already
 * published. Returns rows per second.
 */
export async function seedRecentViewers(db: Client, target: SeedTarget): Promise<number> {
  const w = RECENT_VIEWERS.windowMs;
  const ev = (name: string, at: string, path?: string) =>
    `jsonb_build_object('name', '${name}', 'at', ${at}, 'properties', ${path ? `jsonb_build_object('path', '${path}')` : `'{}'::jsonb`})`;
  const ts = (ms: string) => `(timestamptz 'epoch' + (${ms}) * interval '1 ms')`;
  const started = performance.now();
  for (let lo = 0; lo < target.count; lo += CHUNK) {
    const hi = Math.min(target.count - 1, lo + CHUNK - 1);
    await db.query(
      `WITH u AS (
         SELECT $2::text || n AS user_id, (${target.lastViewSql})::bigint AS l FROM generate_series($3::int, $4::int) AS n
       ), states AS (
         INSERT INTO segments.user_states (workspace_id, user_id, state, next_changes, seq, updated_at)
         SELECT $1, user_id, jsonb_build_object(
             'traits', '{}'::jsonb,
             'events', jsonb_build_array(${ev('Signed In', `l - ${6 * HOUR}`)}, ${ev('Page Viewed', `l - ${5 * HOUR}`, '/pricing')},
               ${ev('Page Viewed', `l - ${2 * HOUR}`, '/docs')}, ${ev('Page Viewed', 'l', '/signup')}),
             'totals', jsonb_build_object(
               'Signed In', jsonb_build_object('count', 1, 'firstAt', l - ${6 * HOUR}, 'lastAt', l - ${6 * HOUR}),
               'Page Viewed', jsonb_build_object('count', 3, 'firstAt', l - ${5 * HOUR}, 'lastAt', l))),
           jsonb_build_object($5::text, l + ${w}), 1, ${ts('l')}
         FROM u
       ), members AS (
         INSERT INTO segments.memberships (segment_id, workspace_id, user_id, entered_at)
         SELECT $5::uuid, $1, user_id, ${ts(`l - ${5 * HOUR}`)} FROM u
       )
       INSERT INTO segments.timers (workspace_id, user_id, due_at) SELECT $1, user_id, ${ts(`l + ${w}`)} FROM u`,
      [target.workspaceId, target.userPrefix, lo, hi, target.segmentId],
    );
    if (target.count > CHUNK) progress(`  seeded ${hi + 1}/${target.count} users of ${target.userPrefix}*`);
  }
  return (target.count * 1000) / (performance.now() - started);
}

/** What autovacuum would do shortly after a bulk load: the poller's plans need the new row counts. */
export async function analyzeSegmentTables(db: Client): Promise<void> {
  for (const table of ['user_states', 'memberships', 'timers']) await db.query(`ANALYZE segments.${table}`);
}

/**
 * Asks the service to explain one seeded user: it must be a member whose
 * condition changes exactly at `dueAt` (the seeded rows agree with the
 * service's own evaluation). Throws otherwise.
 */
export async function checkSeededUser(segmentsUrl: string, userId: string, dueAt: number): Promise<void> {
  const { json } = await api(segmentsUrl, 'GET', `/v1/users/${encodeURIComponent(userId)}/segments?explain=true`);
  const seg = (json as { segments: Array<{ key: string; member: boolean; explanation?: { value: boolean; nextChangeAt?: number | null } }> }).segments.find(
    (s) => s.key === RECENT_VIEWERS.key,
  );
  if (!seg?.member || seg.explanation?.value !== true || seg.explanation.nextChangeAt !== dueAt) {
    throw new Error(`seeded user ${userId} is not explained as a member changing at ${dueAt}: ${JSON.stringify(seg)}`);
  }
}
