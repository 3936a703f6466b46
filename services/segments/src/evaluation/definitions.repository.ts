import { EntityManager } from 'typeorm';
import type { Condition } from '@cairn/segments-domain';
import type { IndexedSegment } from './segment-index';

/**
 * What the evaluation side reads of a workspace's segment definitions: the
 * definitions version (bumped by every definition change, in the changing
 * transaction) and the definitions to index. Every method is scoped to one
 * workspace.
 */
export class DefinitionsRepository {
  constructor(private readonly m: EntityManager) {}

  /**
   * The workspace's definitions version ('0' before the first change), read
   * FOR SHARE: a definition change, which bumps it first, waits for the
   * reading transaction, and the reader sees the change once it commits.
   */
  async readVersionForShare(workspaceId: string): Promise<string> {
    const [row]: Array<{ version: string }> = await this.m.query(`SELECT version FROM segments.definitions_version WHERE workspace_id = $1 FOR SHARE`, [
      workspaceId,
    ]);
    return row ? String(row.version) : '0';
  }

  /** Records a definition change of the workspace, inside the changing transaction. */
  async bumpVersion(workspaceId: string): Promise<void> {
    await this.m.query(
      `INSERT INTO segments.definitions_version (workspace_id, version) VALUES ($1, 1)
       ON CONFLICT (workspace_id) DO UPDATE SET version = segments.definitions_version.version + 1`,
      [workspaceId],
    );
  }

  /** The workspace's segments as the index needs them, oldest first. */
  async indexedSegments(workspaceId: string): Promise<IndexedSegment[]> {
    const rows: Array<{ id: string; key: string; condition: Condition }> = await this.m.query(
      `SELECT id, key, condition FROM segments.segments WHERE workspace_id = $1 ORDER BY created_at, id`,
      [workspaceId],
    );
    return rows;
  }
}
