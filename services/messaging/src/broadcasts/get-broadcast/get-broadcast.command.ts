/** `GET /v1/broadcasts/:id` (id or key). */
export interface GetBroadcastCommand {
  workspaceId: string;
  idOrKey: string;
}
