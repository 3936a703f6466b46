/** A user's segments (`GET /v1/users/:userId/segments`), optionally explained. */
export interface GetUserSegmentsCommand {
  workspaceId: string;
  userId: string;
  explain: boolean;
}
