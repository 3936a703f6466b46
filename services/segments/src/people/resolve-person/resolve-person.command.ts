/** `GET /v1/users/:userId/identity`: which person an id names. */
export interface ResolvePersonCommand {
  workspaceId: string;
  userId: string;
}
