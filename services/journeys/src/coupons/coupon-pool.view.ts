import { CouponPool, CouponPoolCounts } from './coupon.repository';

export interface CouponPoolView extends CouponPool, CouponPoolCounts {}

export function couponPoolView(pool: CouponPool, counts: CouponPoolCounts): CouponPoolView {
  return { key: pool.key, mode: pool.mode, prefix: pool.prefix, length: pool.length, ...counts };
}
