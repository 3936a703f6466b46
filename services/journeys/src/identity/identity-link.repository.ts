import { resolveFinalIds } from '@cairn/db';
import { EntityManager } from 'typeorm';

/** Longest identity chain followed (anonymous → user1 → user2 is 2), as in segments. */
export const MAX_CHAIN = 16;

/** Identity links (an id merged into a user), as journeys keeps them; every method is scoped to one workspace. */
export class IdentityLinkRepository {
  constructor(private readonly m: EntityManager) {}

  /** Links `anonymousId` to `userId`; false when it was linked already (the first link wins). */
  async insert(workspaceId: string, anonymousId: string, userId: string, now: Date): Promise<boolean> {
    const inserted: unknown[] = await this.m.query(
      `INSERT INTO journeys.identity_links (workspace_id, anonymous_id, user_id, linked_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT DO NOTHING RETURNING anonymous_id`,
      [workspaceId, anonymousId, userId, now],
    );
    return inserted.length > 0;
  }

  /** Each id's final user, following links (an unlinked id is its own; resolveFinalIds says how). */
  resolveFinal(workspaceId: string, ids: string[]): Promise<Map<string, string>> {
    return resolveFinalIds(this.m, 'journeys.identity_links', 'anonymous_id', workspaceId, ids, MAX_CHAIN);
  }

  /** The ids merged into this user, directly or through a chain, with when each was linked (oldest first). */
  async mergedInto(workspaceId: string, userId: string): Promise<Array<{ id: string; linkedAt: Date }>> {
    return this.m.query(
      `WITH RECURSIVE merged (id, linked_at, depth, path) AS (
         SELECT anonymous_id, linked_at, 1, ARRAY[user_id, anonymous_id] FROM journeys.identity_links WHERE workspace_id = $1 AND user_id = $2
         UNION ALL
         SELECT l.anonymous_id, l.linked_at, m.depth + 1, m.path || l.anonymous_id
         FROM merged m JOIN journeys.identity_links l ON l.workspace_id = $1 AND l.user_id = m.id
         WHERE l.anonymous_id <> ALL (m.path) AND m.depth < $3
       )
       SELECT id, linked_at AS "linkedAt" FROM merged ORDER BY linked_at, id`,
      [workspaceId, userId, MAX_CHAIN],
    );
  }

  /** Removes every link from or to these ids (an erasure). */
  async removeFor(workspaceId: string, ids: string[]): Promise<void> {
    await this.m.query(`DELETE FROM journeys.identity_links WHERE workspace_id = $1 AND (anonymous_id = ANY($2::text[]) OR user_id = ANY($2::text[]))`, [
      workspaceId,
      ids,
    ]);
  }
}
