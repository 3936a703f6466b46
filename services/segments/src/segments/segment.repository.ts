import { EntityManager } from 'typeorm';
import type { Condition, SegmentDefinition } from '../domain';

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

/** Segment definitions; every method is scoped to one workspace. */
export const segmentRepository = {
  /** Every segment of the workspace, or only those whose key is in `keys`. */
  async list(m: EntityManager, workspaceId: string, keys?: string[]): Promise<SegmentRecord[]> {
    const only = keys ? 'AND key = ANY($2::text[])' : '';
    const rows: SegmentRow[] = await m.query(`SELECT ${COLUMNS} FROM segments.segments WHERE workspace_id = $1 ${only} ORDER BY key`, keys ? [workspaceId, keys] : [workspaceId]);
    return rows.map(toRecord);
  },

  /** By id or by key. */
  async find(m: EntityManager, workspaceId: string, idOrKey: string, lock = false): Promise<SegmentRecord | undefined> {
    const column = UUID_RE.test(idOrKey) ? 'id::text' : 'key';
    const rows: SegmentRow[] = await m.query(
      `SELECT ${COLUMNS} FROM segments.segments WHERE workspace_id = $1 AND ${column} = $2 ${lock ? 'FOR NO KEY UPDATE' : ''}`,
      [workspaceId, idOrKey.toLowerCase()],
    );
    return rows[0] && toRecord(rows[0]);
  },

  /** Inserts a definition (its backfill pending); undefined when the key is taken. */
  async insert(m: EntityManager, workspaceId: string, id: string, def: SegmentDefinition, now: Date): Promise<SegmentRecord | undefined> {
    const rows: SegmentRow[] = await m.query(
      `INSERT INTO segments.segments (id, workspace_id, key, name, description, condition, backfill_from, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, '', $7, $7) ON CONFLICT DO NOTHING RETURNING ${COLUMNS}`,
      [id, workspaceId, def.key, def.name, def.description ?? null, JSON.stringify(def.condition), now],
    );
    return rows[0] && toRecord(rows[0]);
  },

  /** Replaces a definition, bumps its revision and restarts its backfill. */
  async replace(m: EntityManager, workspaceId: string, id: string, def: SegmentDefinition, now: Date): Promise<SegmentRecord> {
    await m.query(
      `UPDATE segments.segments SET name = $3, description = $4, condition = $5, revision = revision + 1, backfill_from = '', updated_at = $6
       WHERE workspace_id = $1 AND id = $2`,
      [workspaceId, id, def.name, def.description ?? null, JSON.stringify(def.condition), now],
    );
    const rows: SegmentRow[] = await m.query(`SELECT ${COLUMNS} FROM segments.segments WHERE workspace_id = $1 AND id = $2`, [workspaceId, id]);
    return toRecord(rows[0]);
  },

  async delete(m: EntityManager, workspaceId: string, id: string): Promise<void> {
    await m.query(`DELETE FROM segments.segments WHERE workspace_id = $1 AND id = $2`, [workspaceId, id]);
  },

  /** Keys and conditions of the workspace's segments (reference checks). */
  async conditions(m: EntityManager, workspaceId: string): Promise<Array<{ id: string; key: string; condition: Condition }>> {
    return m.query(`SELECT id, key, condition FROM segments.segments WHERE workspace_id = $1`, [workspaceId]);
  },
};
