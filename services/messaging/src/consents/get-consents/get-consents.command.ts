export interface GetConsentsCommand {
  workspaceId: string;
  userId: string;
}
