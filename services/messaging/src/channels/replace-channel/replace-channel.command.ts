export interface ReplaceChannelCommand {
  workspaceId: string;
  /** The key in the path. */
  key: string;
  /**
   * The replacement as sent: it is validated here, because a write-only field
   * it leaves out keeps the stored value.
   */
  body: Record<string, unknown>;
}
