import { EntityManager } from 'typeorm';

/** Longest chain followed (anonymous → user1 → user2 is 2), as in segments and journeys. */
const MAX_CHAIN = 16;

/** The identity merges messaging followed; every method is scoped to one workspace. */
export class IdentityLinkRepository {
  constructor(private readonly m: EntityManager) {}

  /** Records that `previousId` now counts for `userId`; false when it was recorded already. */
  async insert(workspaceId: string, previousId: string, userId: string, linkedAt: Date): Promise<boolean> {
    const rows: unknown[] = await this.m.query(
      `INSERT INTO messaging.identity_links (workspace_id, previous_id, user_id, linked_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT DO NOTHING RETURNING previous_id`,
      [workspaceId, previousId, userId, linkedAt],
    );
    return rows.length > 0;
  }

  /** The final user of an id, following the merges recorded (the id itself when it was never merged). */
  async finalOf(workspaceId: string, id: string): Promise<string> {
    const rows: Array<{ id: string }> = await this.m.query(
      `WITH RECURSIVE chain (id, depth, path) AS (
         SELECT $2::text, 0, ARRAY[$2::text]
         UNION ALL
         SELECT l.user_id, c.depth + 1, c.path || l.user_id
         FROM chain c JOIN messaging.identity_links l ON l.workspace_id = $1 AND l.previous_id = c.id
         WHERE l.user_id <> ALL (c.path) AND c.depth < $3
       )
       SELECT id FROM chain ORDER BY depth DESC LIMIT 1`,
      [workspaceId, id, MAX_CHAIN],
    );
    return rows[0]?.id ?? id;
  }

  /** Every id merged into this user, directly or through a chain. */
  async mergedInto(workspaceId: string, userId: string): Promise<string[]> {
    const rows: Array<{ id: string }> = await this.m.query(
      `WITH RECURSIVE merged (id, depth, path) AS (
         SELECT previous_id, 1, ARRAY[user_id, previous_id] FROM messaging.identity_links WHERE workspace_id = $1 AND user_id = $2
         UNION ALL
         SELECT l.previous_id, m.depth + 1, m.path || l.previous_id
         FROM merged m JOIN messaging.identity_links l ON l.workspace_id = $1 AND l.user_id = m.id
         WHERE l.previous_id <> ALL (m.path) AND m.depth < $3
       )
       SELECT id FROM merged ORDER BY id`,
      [workspaceId, userId, MAX_CHAIN],
    );
    return rows.map((r) => r.id);
  }

  /** Removes every merge from or into these ids (an erasure). */
  async removeFor(workspaceId: string, ids: string[]): Promise<void> {
    await this.m.query(`DELETE FROM messaging.identity_links WHERE workspace_id = $1 AND (previous_id = ANY($2::text[]) OR user_id = ANY($2::text[]))`, [
      workspaceId,
      ids,
    ]);
  }
}
