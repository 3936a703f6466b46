export interface ListChannelsCommand {
  workspaceId: string;
  /** Only these keys; without, the first 1,000 channels. */
  keys?: string[];
}
