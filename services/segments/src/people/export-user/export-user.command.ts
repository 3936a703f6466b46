/** `GET /v1/users/:userId/export/segments`: everything segments holds about the person any of their ids names. */
export interface ExportUserCommand {
  workspaceId: string;
  userId: string;
}
