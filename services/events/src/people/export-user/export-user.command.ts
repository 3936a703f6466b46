/** `GET /v1/users/:userId/export/events`: what the events service holds under these ids. */
export interface ExportUserCommand {
  workspaceId: string;
  /** The person's ids (the front door passes every id segments knows of the person). */
  ids: string[];
}
