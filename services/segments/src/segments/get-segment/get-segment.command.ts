/** One segment definition (`GET /v1/segments/:id`). */
export interface GetSegmentCommand {
  workspaceId: string;
  /** Segment id or key. */
  segment: string;
}
