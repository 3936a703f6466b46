/** Replace a segment's definition (`PUT /v1/segments/:id`); the key cannot change. */
export interface UpdateSegmentCommand {
  workspaceId: string;
  /** Segment id or key. */
  segment: string;
  body: unknown;
}
