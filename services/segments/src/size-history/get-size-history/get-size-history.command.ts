/** `GET /v1/segments/:id/size-history?since=`: the segment's size over time. */
export interface GetSizeHistoryCommand {
  workspaceId: string;
  idOrKey: string;
  /** How far back, in ms. */
  sinceMs: number;
}
