import { NotFound } from '@cairn/core';
import { EntityManager } from 'typeorm';
import { entryKind, JourneyDefinition } from '@cairn/journeys-domain';

export type JourneyStatus = 'draft' | 'active' | 'paused';

export interface JourneyRecord {
  id: string;
  workspaceId: string;
  key: string;
  name: string;
  draft: JourneyDefinition;
  status: JourneyStatus;
  currentVersion: number | null;
  createdAt: string;
  updatedAt: string;
}

/** A published journey version, as the consumer and the timer poller need it. */
export interface PublishedJourney {
  journeyId: string;
  workspaceId: string;
  version: number;
  definition: JourneyDefinition;
}

const COLUMNS = `id, workspace_id AS "workspaceId", key, name, draft, status, current_version AS "currentVersion",
  created_at AS "createdAt", updated_at AS "updatedAt"`;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The name an entry is looked up by: the event, the catalog event or the segment. */
export function entryName(def: JourneyDefinition): string {
  const e = def.entry;
  if ('catalogEvent' in e) return e.catalogEvent;
  if ('segment' in e) return e.segment;
  return e.event;
}

/** Journey definitions and versions; every call is scoped to one workspace, except `versions` (by id). */
export class JourneyRepository {
  constructor(private readonly m: EntityManager) {}

  async list(workspaceId: string): Promise<JourneyRecord[]> {
    return this.m.query(`SELECT ${COLUMNS} FROM journeys.journeys WHERE workspace_id = $1 ORDER BY key`, [workspaceId]);
  }

  /** By id or by key; another workspace's journey is not found. */
  async find(workspaceId: string, idOrKey: string, lock = false): Promise<JourneyRecord | undefined> {
    const by = UUID.test(idOrKey) ? 'id = $2::uuid' : 'key = $2';
    const rows = await this.m.query(`SELECT ${COLUMNS} FROM journeys.journeys WHERE workspace_id = $1 AND ${by} ${lock ? 'FOR UPDATE' : ''}`, [
      workspaceId,
      idOrKey,
    ]);
    return rows[0];
  }

  async get(workspaceId: string, idOrKey: string, lock = false): Promise<JourneyRecord> {
    const found = await this.find(workspaceId, idOrKey, lock);
    if (!found) throw new NotFound('journey', idOrKey);
    return found;
  }

  /** Inserts a draft; undefined when the key is taken in this workspace. */
  async insert(workspaceId: string, def: JourneyDefinition, now: Date): Promise<JourneyRecord | undefined> {
    const rows = await this.m.query(
      `INSERT INTO journeys.journeys (workspace_id, key, name, draft, entry_kind, entry_name, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $7) ON CONFLICT (workspace_id, key) DO NOTHING RETURNING ${COLUMNS}`,
      [workspaceId, def.key, def.name, def, entryKind(def.entry), entryName(def), now],
    );
    return rows[0];
  }

  async updateDraft(workspaceId: string, id: string, def: JourneyDefinition, now: Date): Promise<JourneyRecord> {
    const [rows] = await this.m.query(
      `UPDATE journeys.journeys SET name = $3, draft = $4, updated_at = $5 WHERE workspace_id = $1 AND id = $2 RETURNING ${COLUMNS}`,
      [workspaceId, id, def.name, def, now],
    );
    return rows[0];
  }

  async delete(workspaceId: string, id: string): Promise<void> {
    await this.m.query(`DELETE FROM journeys.journeys WHERE workspace_id = $1 AND id = $2`, [workspaceId, id]);
  }

  /** Stores the draft as the next immutable version and makes it the one new runs start on. */
  async publish(workspaceId: string, journey: JourneyRecord, def: JourneyDefinition, now: Date): Promise<number> {
    const version = (journey.currentVersion ?? 0) + 1;
    await this.m.query(`INSERT INTO journeys.journey_versions (journey_id, version, definition, published_at) VALUES ($1, $2, $3, $4)`, [
      journey.id,
      version,
      def,
      now,
    ]);
    await this.m.query(
      `UPDATE journeys.journeys SET current_version = $3, status = 'active', entry_kind = $4, entry_name = $5, updated_at = $6
       WHERE workspace_id = $1 AND id = $2`,
      [workspaceId, journey.id, version, entryKind(def.entry), entryName(def), now],
    );
    return version;
  }

  async setStatus(workspaceId: string, id: string, status: JourneyStatus, now: Date): Promise<JourneyRecord> {
    const [rows] = await this.m.query(`UPDATE journeys.journeys SET status = $3, updated_at = $4 WHERE workspace_id = $1 AND id = $2 RETURNING ${COLUMNS}`, [
      workspaceId,
      id,
      status,
      now,
    ]);
    return rows[0];
  }

  /** Active journeys whose current version enters on this kind of trigger with this name. */
  async activeByEntry(workspaceId: string, kind: string, names: string[]): Promise<PublishedJourney[]> {
    return this.m.query(
      `SELECT j.id AS "journeyId", j.workspace_id AS "workspaceId", v.version, v.definition
       FROM journeys.journeys j JOIN journeys.journey_versions v ON v.journey_id = j.id AND v.version = j.current_version
       WHERE j.workspace_id = $1 AND j.status = 'active' AND j.entry_kind = $2 AND j.entry_name = ANY($3::text[])`,
      [workspaceId, kind, names],
    );
  }

  /** Active journeys whose current version enters on this kind of trigger, whatever the name. */
  async activeByKind(workspaceId: string, kind: string): Promise<PublishedJourney[]> {
    return this.m.query(
      `SELECT j.id AS "journeyId", j.workspace_id AS "workspaceId", v.version, v.definition
       FROM journeys.journeys j JOIN journeys.journey_versions v ON v.journey_id = j.id AND v.version = j.current_version
       WHERE j.workspace_id = $1 AND j.status = 'active' AND j.entry_kind = $2`,
      [workspaceId, kind],
    );
  }

  /**
   * Versions whose definition may branch on event history (an `event` key
   * somewhere under a step's `if`); the caller checks them exactly.
   */
  async versionsBranchingOnHistory(workspaceId: string): Promise<Array<PublishedJourney & { key: string }>> {
    return this.m.query(
      `SELECT v.journey_id AS "journeyId", j.workspace_id AS "workspaceId", j.key, v.version, v.definition
       FROM journeys.journey_versions v JOIN journeys.journeys j ON j.id = v.journey_id
       WHERE j.workspace_id = $1 AND jsonb_path_exists(v.definition, 'lax $.steps.*.if.**.event')
       ORDER BY j.key, v.version`,
      [workspaceId],
    );
  }

  /**
   * The published versions named. By id: the journey ids and versions come
   * from runs read within a workspace (or claimed with their timers, which mix
   * workspaces), so each version found carries its journey's workspace.
   */
  async versions(pairs: Array<{ journeyId: string; version: number }>): Promise<PublishedJourney[]> {
    if (pairs.length === 0) return [];
    return this.m.query(
      `SELECT v.journey_id AS "journeyId", j.workspace_id AS "workspaceId", v.version, v.definition
       FROM journeys.journey_versions v JOIN journeys.journeys j ON j.id = v.journey_id
       JOIN unnest($1::uuid[], $2::int[]) AS p(journey_id, version) ON p.journey_id = v.journey_id AND p.version = v.version`,
      [pairs.map((p) => p.journeyId), pairs.map((p) => p.version)],
    );
  }
}
