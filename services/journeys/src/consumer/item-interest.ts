import { EntityManager } from 'typeorm';
import { CatalogEntry, JourneyEvent, lookupPath } from '@cairn/journeys-domain';
import { JourneyRepository } from '../definitions/journey.repository';
import { ItemInterest, ItemInterestRepository } from './item-interest.repository';

export interface UserEvent {
  userId: string;
  event: JourneyEvent;
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
 * the audiences of the workspace's active catalog journeys name (the interest
 * event and its `notFollowedBy`), the latest interest and the latest order per
 * (item, user). One upsert per batch; applying an event twice changes nothing.
 */
export async function recordItemInterest(m: EntityManager, workspaceId: string, events: UserEvent[]): Promise<void> {
  if (events.length === 0) return;
  const audiences = (await new JourneyRepository(m).activeByKind(workspaceId, 'catalog')).map((j) => (j.definition.entry as CatalogEntry).audience);
  if (audiences.length === 0) return;
  const rows = new Map<string, ItemInterest>();
  for (const e of events) {
    for (const a of audiences) {
      const interest = e.event.name === a.event;
      if (!interest && e.event.name !== a.notFollowedBy) continue;
      for (const itemId of itemIds(e.event.properties, a.matchItem)) {
        const key = `${itemId}\u0000${e.userId}`;
        const row = rows.get(key) ?? { itemId, userId: e.userId, interestedAt: null, orderedAt: null };
        if (interest) row.interestedAt = Math.max(row.interestedAt ?? 0, e.event.at);
        else row.orderedAt = Math.max(row.orderedAt ?? 0, e.event.at);
        rows.set(key, row);
      }
    }
  }
  await new ItemInterestRepository(m).record(workspaceId, [...rows.values()]);
}
