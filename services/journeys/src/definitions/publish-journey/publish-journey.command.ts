export interface PublishJourneyCommand {
  workspaceId: string;
  idOrKey: string;
  /** The caller's Authorization header: references are checked with the other services under the same admin key. */
  authorization?: string;
}
