export interface DeleteJourneyCommand {
  workspaceId: string;
  idOrKey: string;
}
