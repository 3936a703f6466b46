import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { DefinitionsRepository } from './definitions.repository';
import { SegmentIndex } from './segment-index';

/**
 * Per-workspace in-memory segment indexes (a cache across calls over the
 * DefinitionsRepository). Every definition change bumps the
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
    const definitions = new DefinitionsRepository(m);
    const version = await definitions.readVersionForShare(workspaceId);
    const cached = this.cache.get(workspaceId);
    if (cached?.version === version) return cached;
    const index = new SegmentIndex(version, await definitions.indexedSegments(workspaceId));
    this.cache.set(workspaceId, index);
    return index;
  }
}
