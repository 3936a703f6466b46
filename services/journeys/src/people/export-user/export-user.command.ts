/** `GET /v1/users/:userId/export/journeys`: everything journeys holds about the person any of their ids names. */
export interface ExportUserCommand {
  workspaceId: string;
  userId: string;
}
