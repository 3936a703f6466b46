export interface ProbeChannelCommand {
  workspaceId: string;
  /** The channel key whose breaker half-opened. */
  channel: string;
}
