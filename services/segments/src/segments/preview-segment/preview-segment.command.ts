/** Evaluate a condition over the stored users without saving anything (`POST /v1/segments/preview`). */
export interface PreviewSegmentCommand {
  workspaceId: string;
  /** `{ condition }`, optionally with `key` and `name` as in a definition. */
  body: unknown;
  sampleSize: number;
  /** Users evaluated at most (1 to PREVIEW_MAX_USERS). */
  maxUsers: number;
}
