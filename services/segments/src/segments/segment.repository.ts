import { EntityManager } from 'typeorm';
import type { Condition, SegmentDefinition } from '@cairn/segments-domain';

/** A segment as the API returns it. */
export interface SegmentRecord {
  id: string;
  key: string;
  name: string;
  description?: string;
  condition: Condition;
  revision: number;
  /** `running` while the definition is being evaluated over stored user states. */
  backfill: 'running' | 'done';
  createdAt: string;
  updatedAt: string;
}

interface SegmentRow {
  id: string;
  key: string;
  name: string;
  description: string | null;
  condition: Condition;
  revision: number;
  backfill_from: string | null;
  created_at: Date;
  updated_at: Date;
}

const COLUMNS = `id, key, name, description, condition, revision, backfill_from, created_at, updated_at`;
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function toRecord(r: SegmentRow): SegmentRecord {
  const record: SegmentRecord = {
    id: r.id,
    key: r.key,
    name: r.name,
    condition: r.condition,
    revision: r.revision,
    backfill: r.backfill_from === null ? 'done' : 'running',
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  };
  if (r.description !== null) record.description = r.description;
  return record;
}

/** Segment definitions and their members; every method is scoped to one workspace. */
export class SegmentRepository {
  constructor(private readonly m: EntityManager) {}

  /** Every segment of the workspace, or only those whose key is in `keys`. */
  async list(workspaceId: string, keys?: string[]): Promise<SegmentRecord[]> {
    const only = keys ? 'AND key = ANY($2::text[])' : '';
    const rows: SegmentRow[] = await this.m.query(
      `SELECT ${COLUMNS} FROM segments.segments WHERE workspace_id = $1 ${only} ORDER BY key`,
      keys ? [workspaceId, keys] : [workspaceId],
    );
    return rows.map(toRecord);
  }

  /** By id or by key. */
  async find(workspaceId: string, idOrKey: string, lock = false): Promise<SegmentRecord | undefined> {
    const column = UUID_RE.test(idOrKey) ? 'id::text' : 'key';
    const rows: SegmentRow[] = await this.m.query(
      `SELECT ${COLUMNS} FROM segments.segments WHERE workspace_id = $1 AND ${column} = $2 ${lock ? 'FOR NO KEY UPDATE' : ''}`,
      [workspaceId, idOrKey.toLowerCase()],
    );
    return rows[0] && toRecord(rows[0]);
  }

  /** Inserts a definition (its backfill pending); undefined when the key is taken. */
  async insert(workspaceId: string, id: string, def: SegmentDefinition, now: Date): Promise<SegmentRecord | undefined> {
    const rows: SegmentRow[] = await this.m.query(
      `INSERT INTO segments.segments (id, workspace_id, key, name, description, condition, backfill_from, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, '', $7, $7) ON CONFLICT DO NOTHING RETURNING ${COLUMNS}`,
      [id, workspaceId, def.key, def.name, def.description ?? null, JSON.stringify(def.condition), now],
    );
    return rows[0] && toRecord(rows[0]);
  }

  /** Replaces a definition, bumps its revision and restarts its backfill. */
  async replace(workspaceId: string, id: string, def: SegmentDefinition, now: Date): Promise<SegmentRecord> {
    await this.m.query(
      `UPDATE segments.segments SET name = $3, description = $4, condition = $5, revision = revision + 1, backfill_from = '', updated_at = $6
       WHERE workspace_id = $1 AND id = $2`,
      [workspaceId, id, def.name, def.description ?? null, JSON.stringify(def.condition), now],
    );
    const rows: SegmentRow[] = await this.m.query(`SELECT ${COLUMNS} FROM segments.segments WHERE workspace_id = $1 AND id = $2`, [workspaceId, id]);
    return toRecord(rows[0]);
  }

  async delete(workspaceId: string, id: string): Promise<void> {
    await this.m.query(`DELETE FROM segments.segments WHERE workspace_id = $1 AND id = $2`, [workspaceId, id]);
  }

  /** Keys and conditions of the workspace's segments (reference checks). */
  async conditions(workspaceId: string): Promise<Array<{ id: string; key: string; condition: Condition }>> {
    return this.m.query(`SELECT id, key, condition FROM segments.segments WHERE workspace_id = $1`, [workspaceId]);
  }

  /** One page of the segment's members after `afterUserId`, in user id order. */
  async members(
    workspaceId: string,
    segmentId: string,
    afterUserId: string,
    limit: number,
    withTraits = false,
  ): Promise<Array<{ userId: string; enteredAt: Date; traits?: Record<string, unknown> }>> {
    const rows: Array<{ user_id: string; entered_at: Date; traits?: Record<string, unknown> | null }> = await this.m.query(
      withTraits
        ? `SELECT m.user_id, m.entered_at, s.state -> 'traits' AS traits FROM segments.memberships m
           LEFT JOIN segments.user_states s ON s.workspace_id = m.workspace_id AND s.user_id = m.user_id
           WHERE m.segment_id = $1 AND m.workspace_id = $2 AND m.user_id > $3 ORDER BY m.user_id LIMIT $4`
        : `SELECT user_id, entered_at FROM segments.memberships
           WHERE segment_id = $1 AND workspace_id = $2 AND user_id > $3 ORDER BY user_id LIMIT $4`,
      [segmentId, workspaceId, afterUserId, limit],
    );
    return rows.map((r) => ({ userId: r.user_id, enteredAt: r.entered_at, ...(withTraits ? { traits: r.traits ?? {} } : {}) }));
  }

  /**
   * The workspace of the oldest pending backfill, unlocked (the caller then
   * locks within it: lockOldestBackfill). Across workspaces: the backfill loop
   * serves every workspace.
   */
  async oldestBackfillWorkspace(): Promise<string | undefined> {
    const [candidate]: Array<{ workspace_id: string }> = await this.m.query(
      `SELECT workspace_id FROM segments.segments WHERE backfill_from IS NOT NULL ORDER BY updated_at LIMIT 1`,
    );
    return candidate?.workspace_id;
  }

  /** The workspace's oldest pending backfill with its cursor, locked; skipped when another transaction holds it. */
  async lockOldestBackfill(workspaceId: string): Promise<{ id: string; from: string } | undefined> {
    const [segment]: Array<{ id: string; backfill_from: string }> = await this.m.query(
      `SELECT id, backfill_from FROM segments.segments
       WHERE workspace_id = $1 AND backfill_from IS NOT NULL ORDER BY updated_at LIMIT 1 FOR NO KEY UPDATE SKIP LOCKED`,
      [workspaceId],
    );
    return segment && { id: segment.id, from: segment.backfill_from };
  }

  /**
   * Moves a backfill's cursor to `next` (null: done). With `from`, only if the
   * cursor is still there (an edit restarts the backfill meanwhile).
   */
  async moveBackfillCursor(workspaceId: string, segmentId: string, next: string | null, from?: string): Promise<void> {
    if (from === undefined) {
      await this.m.query(`UPDATE segments.segments SET backfill_from = $3 WHERE id = $1 AND workspace_id = $2`, [segmentId, workspaceId, next]);
    } else {
      await this.m.query(`UPDATE segments.segments SET backfill_from = $4 WHERE id = $1 AND workspace_id = $2 AND backfill_from = $3`, [
        segmentId,
        workspaceId,
        from,
        next,
      ]);
    }
  }
}
