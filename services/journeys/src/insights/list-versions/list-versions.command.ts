/** `GET /v1/journeys/:id/versions`: the journey's published versions. */
export interface ListVersionsCommand {
  workspaceId: string;
  idOrKey: string;
}
