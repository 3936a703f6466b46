/** The workspace's journeys (`GET /v1/journeys`). */
export interface ListJourneysCommand {
  workspaceId: string;
}
