export interface ListCouponPoolsCommand {
  workspaceId: string;
}
