import { RETENTION_CHUNK } from '@cairn/runtime';
import { EntityManager } from 'typeorm';

/** What the retention policy removes from segments; scoped to one workspace. */
export class RetentionRepository {
  constructor(private readonly m: EntityManager) {}

  /**
   * One page of a sweep over the workspace's users (in user id order, after `after`): each user's stored event
   * occurrences older than the cutoff are removed (lifetime totals and traits stay) and their re-evaluation made
   * due now, so a segment whose answer depended on them publishes the change. A user another transaction holds is
   * skipped this sweep. Returns the last user id of the page and whether it was full.
   */
  async pruneHistoryPage(workspaceId: string, cutoffMs: number, after: string, now: Date): Promise<{ last: string | null; full: boolean }> {
    const [row]: Array<{ last: string | null; n: number }> = await this.m.query(
      `WITH page AS (
         SELECT user_id FROM segments.user_states WHERE workspace_id = $1 AND user_id > $2 ORDER BY user_id LIMIT $3
       ), due AS (
         SELECT s.user_id FROM segments.user_states s JOIN page USING (user_id)
         WHERE s.workspace_id = $1 AND jsonb_array_length(s.state->'events') > 0 AND (s.state->'events'->0->>'at')::bigint < $4
         FOR UPDATE OF s SKIP LOCKED
       ), pruned AS (
         UPDATE segments.user_states s SET updated_at = $5, state = jsonb_set(s.state, '{events}', COALESCE(
           (SELECT jsonb_agg(e ORDER BY o) FROM jsonb_array_elements(s.state->'events') WITH ORDINALITY AS x(e, o) WHERE (e->>'at')::bigint >= $4),
           '[]'::jsonb))
         FROM due WHERE s.workspace_id = $1 AND s.user_id = due.user_id RETURNING s.user_id
       ), armed AS (
         INSERT INTO segments.timers (workspace_id, user_id, due_at) SELECT $1, user_id, $5 FROM pruned
         ON CONFLICT (workspace_id, user_id) DO UPDATE SET due_at = LEAST(COALESCE(segments.timers.due_at, excluded.due_at), excluded.due_at)
       )
       SELECT (SELECT max(user_id) FROM page) AS last, (SELECT count(*)::int FROM page) AS n`,
      [workspaceId, after, RETENTION_CHUNK, cutoffMs, now],
    );
    return { last: row.last, full: Number(row.n) >= RETENTION_CHUNK };
  }

  /** Removes a chunk of the latest item occurrences (audience queries) older than the cutoff; true when the chunk was full. */
  async pruneItemOccurrences(workspaceId: string, cutoffMs: number): Promise<boolean> {
    const [, count]: [unknown, number] = await this.m.query(
      `DELETE FROM segments.item_occurrences WHERE ctid = ANY(ARRAY(
         SELECT ctid FROM segments.item_occurrences WHERE workspace_id = $1 AND last_at < $2 LIMIT $3))`,
      [workspaceId, cutoffMs, RETENTION_CHUNK],
    );
    return count >= RETENTION_CHUNK;
  }
}
