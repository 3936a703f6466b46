/** What the runs of a journey did (`GET /v1/journeys/:id/stats`). */
export interface GetJourneyStatsCommand {
  workspaceId: string;
  /** The journey id (uuid) or its key. */
  idOrKey: string;
}
