import { resolveFinalIds } from '@cairn/db';
import { EntityManager } from 'typeorm';

/** Longest identity chain followed (anonymous → user1 → user2 is 2). */
export const MAX_CHAIN = 16;

/** Identity links (an id merged into a user); every method is scoped to one workspace. */
export class IdentityLinkRepository {
  constructor(private readonly m: EntityManager) {}

  /** The ids among `anonymousIds` that are already linked. */
  async linkedAmong(workspaceId: string, anonymousIds: string[]): Promise<Set<string>> {
    const known: Array<{ anonymous_id: string }> = await this.m.query(
      `SELECT anonymous_id FROM segments.identity_links WHERE workspace_id = $1 AND anonymous_id = ANY($2::text[])`,
      [workspaceId, anonymousIds],
    );
    return new Set(known.map((r) => r.anonymous_id));
  }

  /** Links `anonymousId` (an anonymous id, or an alias's previous id) to `userId`; false when it was linked already (the first link wins). */
  async insert(workspaceId: string, anonymousId: string, userId: string, now: Date, kind: 'anonymous' | 'alias' = 'anonymous'): Promise<boolean> {
    const inserted: unknown[] = await this.m.query(
      `INSERT INTO segments.identity_links (workspace_id, anonymous_id, user_id, linked_at, kind) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT DO NOTHING RETURNING anonymous_id`,
      [workspaceId, anonymousId, userId, now, kind],
    );
    return inserted.length > 0;
  }

  /** Each id's final user, following links (an unlinked id is its own; resolveFinalIds says how). */
  resolveFinal(workspaceId: string, ids: string[]): Promise<Map<string, string>> {
    return resolveFinalIds(this.m, 'segments.identity_links', 'anonymous_id', workspaceId, ids, MAX_CHAIN);
  }

  /** The ids merged into this user, directly or through a chain. */
  async mergedInto(workspaceId: string, userId: string): Promise<string[]> {
    const rows: Array<{ id: string }> = await this.m.query(
      `WITH RECURSIVE merged (id, depth, path) AS (
         SELECT anonymous_id, 1, ARRAY[user_id, anonymous_id] FROM segments.identity_links WHERE workspace_id = $1 AND user_id = $2
         UNION ALL
         SELECT l.anonymous_id, m.depth + 1, m.path || l.anonymous_id
         FROM merged m JOIN segments.identity_links l ON l.workspace_id = $1 AND l.user_id = m.id
         WHERE l.anonymous_id <> ALL (m.path) AND m.depth < $3
       )
       SELECT id FROM merged ORDER BY id`,
      [workspaceId, userId, MAX_CHAIN],
    );
    return rows.map((r) => r.id);
  }
}
