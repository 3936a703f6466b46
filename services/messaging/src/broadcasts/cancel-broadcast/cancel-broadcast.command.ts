/** `POST /v1/broadcasts/:id/cancel` (id or key). */
export interface CancelBroadcastCommand {
  workspaceId: string;
  idOrKey: string;
}
