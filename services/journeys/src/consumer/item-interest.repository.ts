import { parseDuration } from '@cairn/core';
import { EntityManager } from 'typeorm';
import { CatalogAudience } from '@cairn/journeys-domain';

/** The latest interest and order of a user in an item, as the projection keeps them (epoch ms). */
export interface ItemInterest {
  itemId: string;
  userId: string;
  interestedAt: number | null;
  orderedAt: number | null;
}

export interface AudienceMember {
  userId: string;
  interestAt: Date;
}

export interface AudiencePage {
  journeyId: string;
  itemId: string;
  audience: CatalogAudience;
  /** The catalog event's time; interest counts from `at - within` to `at`, both inclusive. */
  at: number;
  after: string;
  limit: number;
}

/**
 * The local projection catalog audiences are read from (`item_interest`) and
 * the interest each entered user was notified for (`catalog_entries`). Every
 * call is scoped to one workspace, except `recordCatalogEntries` (by journey id).
 */
export class ItemInterestRepository {
  constructor(private readonly m: EntityManager) {}

  /** Upserts the latest interest and order per (item, user): one statement; applying the same rows twice changes nothing. */
  async record(workspaceId: string, rows: ItemInterest[]): Promise<void> {
    if (rows.length === 0) return;
    const at = (n: number | null) => (n === null ? null : new Date(n).toISOString());
    await this.m.query(
      `INSERT INTO journeys.item_interest (workspace_id, item_id, user_id, interested_at, ordered_at)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[], $5::timestamptz[])
       ON CONFLICT (workspace_id, item_id, user_id) DO UPDATE SET
         interested_at = GREATEST(journeys.item_interest.interested_at, excluded.interested_at),
         ordered_at = GREATEST(journeys.item_interest.ordered_at, excluded.ordered_at)`,
      [
        rows.map(() => workspaceId),
        rows.map((r) => r.itemId),
        rows.map((r) => r.userId),
        rows.map((r) => at(r.interestedAt)),
        rows.map((r) => at(r.orderedAt)),
      ],
    );
  }

  /**
   * One page of a catalog journey's audience, by user id: users whose latest
   * interest in the item is within the window before the catalog event, who
   * have not done `notFollowedBy` for it since, and who were not already
   * entered for that same interest (one notice per interest, whatever the
   * re-entry rule and however many catalog events follow).
   */
  async audiencePage(workspaceId: string, p: AudiencePage): Promise<AudienceMember[]> {
    const orderFilter = p.audience.notFollowedBy ? `AND (i.ordered_at IS NULL OR i.ordered_at < i.interested_at)` : '';
    return this.m.query(
      `SELECT i.user_id AS "userId", i.interested_at AS "interestAt" FROM journeys.item_interest i
       WHERE i.workspace_id = $1 AND i.item_id = $2 AND i.interested_at BETWEEN $3 AND $7 ${orderFilter}
         AND NOT EXISTS (SELECT 1 FROM journeys.catalog_entries c
                         WHERE c.journey_id = $4 AND c.item_id = $2 AND c.user_id = i.user_id AND c.interest_at >= i.interested_at)
         AND i.user_id > $5
       ORDER BY i.user_id LIMIT $6`,
      [workspaceId, p.itemId, new Date(p.at - parseDuration(p.audience.within)), p.journeyId, p.after, p.limit, new Date(p.at)],
    );
  }

  /** Remembers which interest each entered user was notified for. By id: the journey id comes from the workspace's active journeys. */
  async recordCatalogEntries(journeyId: string, itemId: string, members: AudienceMember[], now: Date): Promise<void> {
    if (members.length === 0) return;
    await this.m.query(
      `INSERT INTO journeys.catalog_entries (journey_id, item_id, user_id, interest_at, entered_at)
       SELECT $1, $2, u, i, $5 FROM unnest($3::text[], $4::timestamptz[]) AS x(u, i)
       ON CONFLICT (journey_id, item_id, user_id) DO UPDATE SET interest_at = excluded.interest_at, entered_at = excluded.entered_at`,
      [journeyId, itemId, members.map((x) => x.userId), members.map((x) => x.interestAt), now],
    );
  }
}
