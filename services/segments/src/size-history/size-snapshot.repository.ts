import { EntityManager } from 'typeorm';

/** Segment size snapshots; every method is scoped to one workspace. */
export class SizeSnapshotRepository {
  constructor(private readonly m: EntityManager) {}

  /**
   * Records every segment's member count at `at`, once per (segment, slot):
   * a second writer of the same slot (another replica) changes nothing.
   * Returns how many snapshots were written.
   */
  async snapshot(workspaceId: string, at: Date): Promise<number> {
    const rows = await this.m.query(
      `INSERT INTO segments.size_snapshots (segment_id, workspace_id, at, size)
       SELECT s.id, s.workspace_id, $2, (SELECT count(*)::int FROM segments.memberships m WHERE m.segment_id = s.id AND m.workspace_id = s.workspace_id)
       FROM segments.segments s WHERE s.workspace_id = $1
       ON CONFLICT (segment_id, at) DO NOTHING RETURNING 1`,
      [workspaceId, at],
    );
    return rows.length;
  }

  /** Drops snapshots taken before `before`. */
  async prune(workspaceId: string, before: Date): Promise<void> {
    await this.m.query(`DELETE FROM segments.size_snapshots WHERE workspace_id = $1 AND at < $2`, [workspaceId, before]);
  }

  /** Snapshots of one segment taken at or after `since`, oldest first. */
  async history(workspaceId: string, segmentId: string, since: Date): Promise<Array<{ at: Date; size: number }>> {
    return this.m.query(`SELECT at, size FROM segments.size_snapshots WHERE workspace_id = $1 AND segment_id = $2 AND at >= $3 ORDER BY at`, [
      workspaceId,
      segmentId,
      since,
    ]);
  }

  /** The segment's member count now. */
  async currentSize(workspaceId: string, segmentId: string): Promise<number> {
    const [row] = await this.m.query(`SELECT count(*)::int AS n FROM segments.memberships WHERE workspace_id = $1 AND segment_id = $2`, [
      workspaceId,
      segmentId,
    ]);
    return row.n;
  }
}
