/** Create a draft (no id) or replace the draft of an existing journey (id or key). */
export interface SaveJourneyCommand {
  workspaceId: string;
  idOrKey?: string;
  body: unknown;
}
