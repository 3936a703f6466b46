/**
 * "The users who did `event` with these item properties within `within`, and
 * did not do `notFollowedBy` since" (restock and price-drop notices).
 */
export interface QueryAudienceCommand {
  workspaceId: string;
  event: string;
  /** Item properties, compared for equality (`{ productId: "P-100" }`). */
  where: Record<string, string | number | boolean>;
  withinMs: number;
  notFollowedBy?: string;
  limit: number;
  after?: string;
}
