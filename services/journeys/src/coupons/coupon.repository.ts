import { EntityManager } from 'typeorm';
import type { CouponPool } from '@cairn/journeys-domain';

export { generatedCode, type CouponPool } from '@cairn/journeys-domain';

export interface CouponPoolCounts {
  /** Codes of an uploaded list not yet given out; null for a generated pool. */
  available: number | null;
  assigned: number;
}

/** Coupon pools and codes of one workspace; a run holds at most one code. */
export class CouponRepository {
  constructor(private readonly m: EntityManager) {}

  async pool(workspaceId: string, key: string): Promise<CouponPool | undefined> {
    const rows = await this.m.query(`SELECT key, mode, prefix, length FROM journeys.coupon_pools WHERE workspace_id = $1 AND key = $2`, [workspaceId, key]);
    return rows[0];
  }

  /** The keys among `keys` that name a pool of the workspace. */
  async existingPools(workspaceId: string, keys: string[]): Promise<Set<string>> {
    const rows: Array<{ key: string }> = await this.m.query(`SELECT key FROM journeys.coupon_pools WHERE workspace_id = $1 AND key = ANY($2::text[])`, [
      workspaceId,
      keys,
    ]);
    return new Set(rows.map((r) => r.key));
  }

  async upsertPool(workspaceId: string, pool: CouponPool, now: Date): Promise<void> {
    await this.m.query(
      `INSERT INTO journeys.coupon_pools (workspace_id, key, mode, prefix, length, created_at) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (workspace_id, key) DO UPDATE SET mode = excluded.mode, prefix = excluded.prefix, length = excluded.length`,
      [workspaceId, pool.key, pool.mode, pool.prefix, pool.length, now],
    );
  }

  /** Adds codes to a list pool; codes already there are kept as they are. Returns how many were new. */
  async addCodes(workspaceId: string, pool: string, codes: string[]): Promise<number> {
    const rows = await this.m.query(
      `INSERT INTO journeys.coupon_codes (workspace_id, pool, code) SELECT $1, $2, c FROM unnest($3::text[]) AS c
       ON CONFLICT DO NOTHING RETURNING code`,
      [workspaceId, pool, [...new Set(codes)]],
    );
    return rows.length;
  }

  async counts(workspaceId: string, pool: CouponPool): Promise<CouponPoolCounts> {
    const [{ assigned }] = await this.m.query(`SELECT count(*)::int AS assigned FROM journeys.coupon_assignments WHERE workspace_id = $1 AND pool = $2`, [
      workspaceId,
      pool.key,
    ]);
    if (pool.mode === 'generated') return { available: null, assigned };
    const [{ available }] = await this.m.query(
      `SELECT count(*)::int AS available FROM journeys.coupon_codes WHERE workspace_id = $1 AND pool = $2 AND NOT assigned`,
      [workspaceId, pool.key],
    );
    return { available, assigned };
  }

  /** The code the run holds, if any. */
  async assignedTo(workspaceId: string, runId: string): Promise<string | undefined> {
    const rows = await this.m.query(`SELECT code FROM journeys.coupon_assignments WHERE run_id = $1 AND workspace_id = $2`, [runId, workspaceId]);
    return rows[0]?.code;
  }

  /** Takes one free code of a list pool (replicas skip each other's locked rows). */
  async takeListCode(workspaceId: string, pool: string): Promise<string | undefined> {
    const [rows] = await this.m.query(
      `UPDATE journeys.coupon_codes SET assigned = true WHERE (workspace_id, pool, code) = (
         SELECT workspace_id, pool, code FROM journeys.coupon_codes WHERE workspace_id = $1 AND pool = $2 AND NOT assigned
         ORDER BY code LIMIT 1 FOR UPDATE SKIP LOCKED) RETURNING code`,
      [workspaceId, pool],
    );
    return rows[0]?.code;
  }

  /** True when the code is now the run's (false when the code is taken by another run). */
  async assign(workspaceId: string, pool: string, runId: string, code: string, now: Date): Promise<boolean> {
    const rows = await this.m.query(
      `INSERT INTO journeys.coupon_assignments (run_id, workspace_id, pool, code, assigned_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT DO NOTHING RETURNING code`,
      [runId, workspaceId, pool, code, now],
    );
    return rows.length === 1;
  }
}
