import { EntityManager } from 'typeorm';
import { CatalogEntry, JourneyEvent, lookupPath } from '../domain';
import { JourneyRepository } from '../definitions/journey.repository';

export interface UserEvent {
  workspaceId: string;
  userId: string;
  event: JourneyEvent;
}

interface Row {
  workspaceId: string;
  itemId: string;
  userId: string;
  interestedAt: number | null;
  orderedAt: number | null;
}

/**
 * The item ids an event names under `matchItem`: the property itself (a dotted
 * path), or the same field of each line of a `products` array, as in the
 * Segment e-commerce spec's `Order Completed`.
 */
export function itemIds(properties: Record<string, unknown> | undefined, matchItem: string): string[] {
  const ids = new Set<string>();
  const add = (v: unknown) => (typeof v === 'string' || typeof v === 'number') && ids.add(String(v));
  add(lookupPath(properties, matchItem));
  const products = properties?.products;
  if (Array.isArray(products)) for (const p of products) add(lookupPath(p, matchItem));
  return [...ids];
}

/**
 * Keeps the local projection catalog audiences are read from: for the events
 * the audiences of active catalog journeys name (the interest event and its
 * `notFollowedBy`), the latest interest and the latest order per (workspace,
 * item, user). One upsert per batch; applying an event twice changes nothing.
 */
export async function recordItemInterest(m: EntityManager, events: UserEvent[]): Promise<void> {
  const rows = new Map<string, Row>();
  const journeys = new JourneyRepository(m);
  for (const workspaceId of new Set(events.map((e) => e.workspaceId))) {
    const audiences = (await journeys.activeByKind(workspaceId, 'catalog')).map((j) => (j.definition.entry as CatalogEntry).audience);
    if (audiences.length === 0) continue;
    for (const e of events.filter((x) => x.workspaceId === workspaceId)) {
      for (const a of audiences) {
        const interest = e.event.name === a.event;
        if (!interest && e.event.name !== a.notFollowedBy) continue;
        for (const itemId of itemIds(e.event.properties, a.matchItem)) {
          const key = `${workspaceId}\u0000${itemId}\u0000${e.userId}`;
          const row = rows.get(key) ?? { workspaceId, itemId, userId: e.userId, interestedAt: null, orderedAt: null };
          if (interest) row.interestedAt = Math.max(row.interestedAt ?? 0, e.event.at);
          else row.orderedAt = Math.max(row.orderedAt ?? 0, e.event.at);
          rows.set(key, row);
        }
      }
    }
  }
  if (rows.size === 0) return;
  const list = [...rows.values()];
  const at = (n: number | null) => (n === null ? null : new Date(n).toISOString());
  await m.query(
    `INSERT INTO journeys.item_interest (workspace_id, item_id, user_id, interested_at, ordered_at)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[], $5::timestamptz[])
     ON CONFLICT (workspace_id, item_id, user_id) DO UPDATE SET
       interested_at = GREATEST(journeys.item_interest.interested_at, excluded.interested_at),
       ordered_at = GREATEST(journeys.item_interest.ordered_at, excluded.ordered_at)`,
    [list.map((r) => r.workspaceId), list.map((r) => r.itemId), list.map((r) => r.userId), list.map((r) => at(r.interestedAt)), list.map((r) => at(r.orderedAt))],
  );
}
