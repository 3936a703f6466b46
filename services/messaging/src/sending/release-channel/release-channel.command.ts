export interface ReleaseChannelCommand {
  workspaceId: string;
  /** The channel key whose breaker closed. */
  channel: string;
}
