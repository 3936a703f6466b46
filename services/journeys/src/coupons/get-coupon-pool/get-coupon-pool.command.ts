/** A coupon pool with its counts (`GET /v1/coupon-pools/:key`). */
export interface GetCouponPoolCommand {
  workspaceId: string;
  key: string;
}
