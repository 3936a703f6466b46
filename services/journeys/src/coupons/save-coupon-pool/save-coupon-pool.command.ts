/** Create or change a coupon pool; a list pool's codes are added to the codes it has. */
export interface SaveCouponPoolCommand {
  workspaceId: string;
  key: string;
  body: unknown;
}
