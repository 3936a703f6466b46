/** `DELETE /v1/users/:userId`: erase the person any of their ids names, from every service. */
export interface RequestErasureCommand {
  workspaceId: string;
  userId: string;
}
