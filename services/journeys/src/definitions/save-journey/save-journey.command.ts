/** Create a draft (no id) or replace the draft of an existing journey (id or key). */
export interface SaveJourneyCommand {
  workspaceId: string;
  idOrKey?: string;
  body: unknown;
  /** The caller's Authorization header: references are checked with the other services under the same admin key. */
  authorization?: string;
}
