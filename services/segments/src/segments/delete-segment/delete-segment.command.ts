/** Delete a segment (`DELETE /v1/segments/:id`). */
export interface DeleteSegmentCommand {
  workspaceId: string;
  /** Segment id or key. */
  segment: string;
}
