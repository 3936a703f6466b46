export interface GetChannelCommand {
  workspaceId: string;
  key: string;
}
