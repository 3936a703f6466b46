import { erasureSubject } from '@cairn/core';
import { EntityManager, QueryRunner } from 'typeorm';

/**
 * The suppression record of erased people (`<schema>.erasures`), one row per
 * erased id and service: the id's hash (`erasureSubject`, never the id
 * itself), the request that erased it, the time of that request (the cutoff:
 * a message about the id stamped at or before it belongs to the erased
 * person and is dropped), whether the workspace suppresses the id for good,
 * and when this service finished erasing. It is all an erasure keeps.
 */
export async function createErasuresTable(runner: QueryRunner, schema: string): Promise<void> {
  await runner.query(`
    CREATE TABLE ${schema}.erasures (
      workspace_id text NOT NULL,
      subject text NOT NULL,
      erasure_id text NOT NULL,
      erased_at timestamptz NOT NULL,
      suppress boolean NOT NULL,
      completed_at timestamptz,
      PRIMARY KEY (workspace_id, subject)
    )`);
}

export async function dropErasuresTable(runner: QueryRunner, schema: string): Promise<void> {
  await runner.query(`DROP TABLE IF EXISTS ${schema}.erasures`);
}

/** An erased id as a service remembers it. */
export interface ErasureRecord {
  erasureId: string;
  /** The erasure's request time, epoch ms: messages stamped at or before it belong to the erased person. */
  erasedAt: number;
  suppress: boolean;
  completedAt: number | null;
}

/** The erasure a service carries out: its request, and every id of the person. */
export interface ErasureRequest {
  erasureId: string;
  ids: string[];
  erasedAt: Date;
  suppress: boolean;
}

/**
 * Whether a message about an erased id, stamped `at` (epoch ms), belongs to the
 * erased person (and is dropped): stamped at or before the erasure, or any time
 * when the workspace suppresses the id. Later messages start a new, empty person.
 */
export function erasedBefore(record: ErasureRecord | undefined, at: number): boolean {
  return record !== undefined && (record.suppress || at <= record.erasedAt);
}

interface Row {
  subject: string;
  erasure_id: string;
  erased_at: Date;
  suppress: boolean;
  completed_at: Date | null;
}

const toRecord = (r: Row): ErasureRecord => ({
  erasureId: r.erasure_id,
  erasedAt: new Date(r.erased_at).getTime(),
  suppress: r.suppress,
  completedAt: r.completed_at ? new Date(r.completed_at).getTime() : null,
});

/** A service's suppression records; every method is scoped to one workspace. */
export class ErasureLedger {
  constructor(
    private readonly m: EntityManager,
    private readonly schema: string,
  ) {}

  /** The erased ids among `ids`, with their records (one indexed read; most batches find none). */
  async erasedAmong(workspaceId: string, ids: Iterable<string>): Promise<Map<string, ErasureRecord>> {
    const bySubject = new Map<string, string>();
    for (const id of new Set(ids)) bySubject.set(erasureSubject(workspaceId, id), id);
    if (bySubject.size === 0) return new Map();
    const rows: Row[] = await this.m.query(
      `SELECT subject, erasure_id, erased_at, suppress, completed_at FROM ${this.schema}.erasures WHERE workspace_id = $1 AND subject = ANY($2::text[])`,
      [workspaceId, [...bySubject.keys()]],
    );
    return new Map(rows.map((r) => [bySubject.get(r.subject)!, toRecord(r)]));
  }

  async find(workspaceId: string, id: string): Promise<ErasureRecord | undefined> {
    return (await this.erasedAmong(workspaceId, [id])).get(id);
  }

  /**
   * Records the erasure of every id of the request, completed at `completedAt`. An id erased again keeps the
   * later request (its cutoff and id); handling the same request again keeps its first completion; replaying an
   * older request changes nothing.
   */
  async record(workspaceId: string, request: ErasureRequest, completedAt: Date): Promise<void> {
    const subjects = [...new Set(request.ids)].map((id) => erasureSubject(workspaceId, id));
    await this.m.query(
      `INSERT INTO ${this.schema}.erasures (workspace_id, subject, erasure_id, erased_at, suppress, completed_at)
       SELECT $1, s, $3, $4, $5, $6 FROM unnest($2::text[]) AS s
       ON CONFLICT (workspace_id, subject) DO UPDATE SET
         erasure_id = CASE WHEN excluded.erased_at >= ${this.schema}.erasures.erased_at THEN excluded.erasure_id ELSE ${this.schema}.erasures.erasure_id END,
         suppress = CASE WHEN excluded.erased_at >= ${this.schema}.erasures.erased_at THEN excluded.suppress ELSE ${this.schema}.erasures.suppress END,
         completed_at = CASE
           WHEN excluded.erasure_id = ${this.schema}.erasures.erasure_id THEN COALESCE(${this.schema}.erasures.completed_at, excluded.completed_at)
           WHEN excluded.erased_at >= ${this.schema}.erasures.erased_at THEN excluded.completed_at
           ELSE ${this.schema}.erasures.completed_at END,
         erased_at = greatest(excluded.erased_at, ${this.schema}.erasures.erased_at)`,
      [workspaceId, subjects, request.erasureId, request.erasedAt, request.suppress, completedAt],
    );
  }
}
