/** A user's runs in one workspace (`GET /v1/users/:userId/journeys`). */
export interface ListUserJourneysCommand {
  workspaceId: string;
  userId: string;
}
