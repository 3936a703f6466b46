/** Install (or re-install with new thresholds) the ready-made lifecycle stages (`POST /v1/segments/lifecycle`). */
export interface InstallLifecycleCommand {
  workspaceId: string;
  /** `{ dormantAfter?: "30d", loyalOrders?: 3 }`. */
  body: unknown;
}
