export interface PublishJourneyCommand {
  workspaceId: string;
  idOrKey: string;
}
