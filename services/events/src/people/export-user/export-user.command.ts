/** `GET /v1/users/:userId/export/events`: what the events service holds under these ids (the path's one). */
export interface ExportUserCommand {
  workspaceId: string;
  /** The ids asked about (the front door asks once per id of the person). */
  ids: string[];
}
