/** One journey with its draft and current version (`GET /v1/journeys/:id`). */
export interface GetJourneyCommand {
  workspaceId: string;
  /** The journey id (uuid) or its key. */
  idOrKey: string;
}
