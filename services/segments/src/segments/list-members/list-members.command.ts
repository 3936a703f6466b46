/** One page of a segment's members, in user id order (`GET /v1/segments/:id/members`). */
export interface ListMembersCommand {
  workspaceId: string;
  segment: string;
  limit: number;
  /** The last user id of the previous page. */
  after?: string;
  /** Each member with their traits. */
  traits?: boolean;
}
