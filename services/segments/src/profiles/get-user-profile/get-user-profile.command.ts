/** `GET /v1/users/:userId/profile`: traits, linked identities and recent events of one person, as segments knows them. */
export interface GetUserProfileCommand {
  workspaceId: string;
  userId: string;
}
