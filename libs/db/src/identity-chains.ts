import { EntityManager } from 'typeorm';

/**
 * Each id's final user in a service's identity links (`table`: `<schema>.identity_links`, whose `fromColumn` was
 * merged into `user_id`), following links (anonymous → user1 → user2 gives user2); an unlinked id is its own. A
 * chain stops before repeating an id, so a cycle can never loop, and after `maxChain` links.
 *
 * Most ids of a batch were never merged: a plain lookup of their own links answers those in one index probe, and
 * only when one has a link does the recursive query run (planning it took longer than running it, and it ran for
 * every consumed batch, twice).
 */
export async function resolveFinalIds(
  m: EntityManager,
  table: string,
  fromColumn: string,
  workspaceId: string,
  ids: string[],
  maxChain: number,
): Promise<Map<string, string>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const linked: unknown[] = await m.query(`SELECT 1 FROM ${table} WHERE workspace_id = $1 AND ${fromColumn} = ANY($2::text[]) LIMIT 1`, [workspaceId, unique]);
  if (linked.length === 0) return new Map(unique.map((id) => [id, id]));
  const rows: Array<{ start: string; id: string }> = await m.query(
    `WITH RECURSIVE chain (start, id, depth, path) AS (
       SELECT s, s, 0, ARRAY[s] FROM unnest($2::text[]) AS s
       UNION ALL
       SELECT c.start, l.user_id, c.depth + 1, c.path || l.user_id
       FROM chain c JOIN ${table} l ON l.workspace_id = $1 AND l.${fromColumn} = c.id
       WHERE l.user_id <> ALL (c.path) AND c.depth < $3
     )
     SELECT DISTINCT ON (start) start, id FROM chain ORDER BY start, depth DESC`,
    [workspaceId, unique, maxChain],
  );
  return new Map(rows.map((r) => [r.start, r.id]));
}
