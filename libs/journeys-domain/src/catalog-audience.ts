/**
 * Catalog audiences (`{ catalogEvent, audience }` entries): who wanted an item
 * and has not ordered it since. The journeys service keeps, per (item, user),
 * the latest interest and the latest order (its `item_interest` projection)
 * and answers the audience with one query; these are the rules that
 * projection and that query follow, pure, for every caller.
 */
import { parseDuration } from '@cairn/core';
import { lookupPath } from '@cairn/conditions';
import type { JourneyEvent } from './engine.types';
import type { CatalogAudience } from './journey.types';

/** The latest interest and order of a user in an item (epoch ms; null when none). */
export interface ItemInterest {
  itemId: string;
  userId: string;
  interestedAt: number | null;
  orderedAt: number | null;
}

/** An event of one user, as the projection reads it. */
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
 * What a batch of events changes in the projection, for the audiences of the
 * active catalog journeys: per (item, user), the latest interest (an event
 * named `audience.event`) and the latest order (`audience.notFollowedBy`).
 * The rows are merged into the stored ones keeping the later instant of each
 * (applying an event twice changes nothing).
 */
export function itemInterestRows(events: readonly UserEvent[], audiences: readonly CatalogAudience[]): ItemInterest[] {
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
  return [...rows.values()];
}

/** A stored row merged with a new one: the later instant of each. */
export function mergeItemInterest(stored: ItemInterest | undefined, row: ItemInterest): ItemInterest {
  if (!stored) return { ...row };
  const later = (a: number | null, b: number | null) => (a === null ? b : b === null ? a : Math.max(a, b));
  return { ...stored, interestedAt: later(stored.interestedAt, row.interestedAt), orderedAt: later(stored.orderedAt, row.orderedAt) };
}

/**
 * Whether a user is in a catalog journey's audience for a catalog event at
 * `at` (epoch ms): the latest interest lies in `[at - within, at]` (both
 * inclusive); with `notFollowedBy`, no order at or after that interest; and the
 * user was not already entered for that same interest (`notifiedInterestAt`,
 * the interest of the user's last entry for this journey and item): one notice
 * per interest, whatever the re-entry rule.
 */
export function inCatalogAudience(interest: ItemInterest, audience: CatalogAudience, at: number, notifiedInterestAt?: number): boolean {
  const interestedAt = interest.interestedAt;
  if (interestedAt === null || interestedAt < at - parseDuration(audience.within) || interestedAt > at) return false;
  if (audience.notFollowedBy && interest.orderedAt !== null && interest.orderedAt >= interestedAt) return false;
  return notifiedInterestAt === undefined || notifiedInterestAt < interestedAt;
}
