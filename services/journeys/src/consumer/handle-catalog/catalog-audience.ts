import { parseDuration } from '@cairn/core';
import { EntityManager } from 'typeorm';
import { CatalogAudience } from '../../domain';

export interface AudienceMember {
  userId: string;
  interestAt: Date;
}

export interface AudiencePage {
  workspaceId: string;
  journeyId: string;
  itemId: string;
  audience: CatalogAudience;
  /** The catalog event's time; interest counts from `at - within` to `at`, both inclusive. */
  at: number;
  after: string;
  limit: number;
}

/**
 * One page of a catalog journey's audience, by user id, from the local
 * item-interest projection: users whose latest interest in the item is within
 * the window before the catalog event, who have not done `notFollowedBy` for it since, and who were not
 * already entered for that same interest (one notice per interest, whatever
 * the re-entry rule and however many catalog events follow).
 */
export async function audiencePage(m: EntityManager, p: AudiencePage): Promise<AudienceMember[]> {
  const orderFilter = p.audience.notFollowedBy ? `AND (i.ordered_at IS NULL OR i.ordered_at < i.interested_at)` : '';
  return m.query(
    `SELECT i.user_id AS "userId", i.interested_at AS "interestAt" FROM journeys.item_interest i
     WHERE i.workspace_id = $1 AND i.item_id = $2 AND i.interested_at BETWEEN $3 AND $7 ${orderFilter}
       AND NOT EXISTS (SELECT 1 FROM journeys.catalog_entries c
                       WHERE c.journey_id = $4 AND c.item_id = $2 AND c.user_id = i.user_id AND c.interest_at >= i.interested_at)
       AND i.user_id > $5
     ORDER BY i.user_id LIMIT $6`,
    [p.workspaceId, p.itemId, new Date(p.at - parseDuration(p.audience.within)), p.journeyId, p.after, p.limit, new Date(p.at)],
  );
}

/** Remembers which interest each entered user was notified for. */
export async function recordCatalogEntries(m: EntityManager, journeyId: string, itemId: string, members: AudienceMember[], now: Date): Promise<void> {
  if (members.length === 0) return;
  await m.query(
    `INSERT INTO journeys.catalog_entries (journey_id, item_id, user_id, interest_at, entered_at)
     SELECT $1, $2, u, i, $5 FROM unnest($3::text[], $4::timestamptz[]) AS x(u, i)
     ON CONFLICT (journey_id, item_id, user_id) DO UPDATE SET interest_at = excluded.interest_at, entered_at = excluded.entered_at`,
    [journeyId, itemId, members.map((x) => x.userId), members.map((x) => x.interestAt), now],
  );
}
