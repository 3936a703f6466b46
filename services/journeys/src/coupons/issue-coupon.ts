import { EntityManager } from 'typeorm';
import { GENERATE_ATTEMPTS } from '@cairn/journeys-domain';
import { CouponRepository, generatedCode } from './coupon.repository';

/**
 * The run's coupon code from the pool: the one it already holds, else a new
 * one (the next free code of an uploaded list, or a generated code). Runs in
 * the caller's transaction, with the send record and the outbox row, so a
 * redelivered or restarted step never gives a second code. Undefined when the
 * pool does not exist or is exhausted.
 */
export async function issueCoupon(m: EntityManager, workspaceId: string, poolKey: string, runId: string, now: Date): Promise<string | undefined> {
  const coupons = new CouponRepository(m);
  const held = await coupons.assignedTo(workspaceId, runId);
  if (held !== undefined) return held;
  const pool = await coupons.pool(workspaceId, poolKey);
  if (!pool) return undefined;
  if (pool.mode === 'list') {
    const code = await coupons.takeListCode(workspaceId, poolKey);
    if (code === undefined) return undefined;
    return (await coupons.assign(workspaceId, poolKey, runId, code, now)) ? code : undefined;
  }
  for (let attempt = 0; attempt < GENERATE_ATTEMPTS; attempt++) {
    const code = generatedCode(pool, workspaceId, runId, attempt);
    if (await coupons.assign(workspaceId, poolKey, runId, code, now)) return code;
  }
  return undefined;
}
