/** Create a segment from a definition as sent to `POST /v1/segments` (validated by the use case). */
export interface CreateSegmentCommand {
  workspaceId: string;
  body: unknown;
}
