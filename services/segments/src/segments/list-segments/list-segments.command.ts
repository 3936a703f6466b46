/** A workspace's segment definitions (`GET /v1/segments[?keys=]`). */
export interface ListSegmentsCommand {
  workspaceId: string;
  /** Only the segments with these keys; all of them when absent. */
  keys?: string[];
}
