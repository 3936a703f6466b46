import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { Condition } from '../domain';
import { SegmentIndex } from './segment-index';

/**
 * Per-workspace in-memory segment indexes. Every definition change bumps the
 * workspace's `definitions_version` in its own transaction; readers compare
 * it (one primary-key read) and rebuild the index only when it moved, so every
 * replica sees edits made through any other.
 */
@Injectable()
export class SegmentCatalog {
  private readonly cache = new Map<string, SegmentIndex>();

  /**
   * The workspace's index, for a transaction that will write memberships: the
   * version row is read FOR SHARE, so a definition change (which bumps it
   * first) waits for this transaction, and this one sees the change once it
   * commits. A deleted segment therefore never gets a membership or a message
   * from a transaction that read the index before the delete.
   */
  async indexFor(m: EntityManager, workspaceId: string): Promise<SegmentIndex> {
    const [row]: Array<{ version: string }> = await m.query(
      `SELECT version FROM segments.definitions_version WHERE workspace_id = $1 FOR SHARE`,
      [workspaceId],
    );
    const version = row ? String(row.version) : '0';
    const cached = this.cache.get(workspaceId);
    if (cached?.version === version) return cached;
    const rows: Array<{ id: string; key: string; condition: Condition }> = await m.query(
      `SELECT id, key, condition FROM segments.segments WHERE workspace_id = $1 ORDER BY created_at, id`,
      [workspaceId],
    );
    const index = new SegmentIndex(version, rows);
    this.cache.set(workspaceId, index);
    return index;
  }
}

/** Records a definition change of the workspace, inside the changing transaction. */
export async function bumpDefinitionsVersion(m: EntityManager, workspaceId: string): Promise<void> {
  await m.query(
    `INSERT INTO segments.definitions_version (workspace_id, version) VALUES ($1, 1)
     ON CONFLICT (workspace_id) DO UPDATE SET version = segments.definitions_version.version + 1`,
    [workspaceId],
  );
}
