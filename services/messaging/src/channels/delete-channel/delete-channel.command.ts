export interface DeleteChannelCommand {
  workspaceId: string;
  key: string;
}
