import { EntityManager } from 'typeorm';
import type { UserState } from '@cairn/segments-domain';

/** What segments keeps about one person, read for their profile; every method is scoped to one workspace. */
export class UserProfileRepository {
  constructor(private readonly m: EntityManager) {}

  async state(workspaceId: string, userId: string): Promise<{ state: UserState; updatedAt: Date } | undefined> {
    const rows = await this.m.query(`SELECT state, updated_at AS "updatedAt" FROM segments.user_states WHERE workspace_id = $1 AND user_id = $2`, [
      workspaceId,
      userId,
    ]);
    return rows[0];
  }

  /** The ids linked to this user (anonymous ids, aliased previous ids), oldest link first. */
  async linkedIds(workspaceId: string, userId: string): Promise<Array<{ id: string; kind: 'anonymous' | 'alias'; linkedAt: Date }>> {
    return this.m.query(
      `SELECT anonymous_id AS id, kind, linked_at AS "linkedAt" FROM segments.identity_links WHERE workspace_id = $1 AND user_id = $2 ORDER BY linked_at, anonymous_id LIMIT 100`,
      [workspaceId, userId],
    );
  }

  /** The user this id was merged into, when it was. */
  async mergedInto(workspaceId: string, id: string): Promise<string | undefined> {
    const rows = await this.m.query(`SELECT user_id FROM segments.identity_links WHERE workspace_id = $1 AND anonymous_id = $2`, [workspaceId, id]);
    return rows[0]?.user_id;
  }
}
