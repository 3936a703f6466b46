/** `GET /v1/messages/series`: the workspace's send intents per time bucket and status. */
export interface SendSeriesCommand {
  workspaceId: string;
  /** How far back from now, in ms. */
  windowMs: number;
  /** Bucket length, in ms. */
  bucketMs: number;
  journey?: string;
  channel?: string;
}
