/** `GET /v1/messages/:id`. */
export interface GetMessageCommand {
  workspaceId: string;
  id: string;
}
