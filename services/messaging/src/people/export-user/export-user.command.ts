/** `GET /v1/users/:userId/export/messaging`: everything messaging holds about the person any of their ids names. */
export interface ExportUserCommand {
  workspaceId: string;
  userId: string;
}
