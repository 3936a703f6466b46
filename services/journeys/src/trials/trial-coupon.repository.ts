import type { CouponPool } from '@cairn/journeys-domain';
import { EntityManager } from 'typeorm';

/** Coupon pools as a trial reads them (never assigning a code); every call is scoped to one workspace. */
export class TrialCouponRepository {
  constructor(private readonly m: EntityManager) {}

  async pools(workspaceId: string): Promise<CouponPool[]> {
    return this.m.query(`SELECT key, mode, prefix, length FROM journeys.coupon_pools WHERE workspace_id = $1 ORDER BY key`, [workspaceId]);
  }

  async pool(workspaceId: string, key: string): Promise<CouponPool | undefined> {
    const rows: CouponPool[] = await this.m.query(`SELECT key, mode, prefix, length FROM journeys.coupon_pools WHERE workspace_id = $1 AND key = $2`, [
      workspaceId,
      key,
    ]);
    return rows[0];
  }

  /** The first `limit` codes of a list pool not given out yet, in code order (the order a send takes them). */
  async freeCodes(workspaceId: string, pool: string, limit: number): Promise<string[]> {
    const rows: Array<{ code: string }> = await this.m.query(
      `SELECT code FROM journeys.coupon_codes WHERE workspace_id = $1 AND pool = $2 AND NOT assigned ORDER BY code LIMIT $3`,
      [workspaceId, pool, limit],
    );
    return rows.map((r) => r.code);
  }
}
