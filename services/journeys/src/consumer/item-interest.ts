import { EntityManager } from 'typeorm';
import { CatalogEntry, itemInterestRows, type UserEvent } from '@cairn/journeys-domain';
import { JourneyRepository } from '../definitions/journey.repository';
import { ItemInterestRepository } from './item-interest.repository';

export type { UserEvent } from '@cairn/journeys-domain';

/**
 * Keeps the local projection catalog audiences are read from: for the events
 * the audiences of the workspace's active catalog journeys name (the interest
 * event and its `notFollowedBy`), the latest interest and the latest order per
 * (item, user), as `itemInterestRows` (journeys-domain) decides them. One
 * upsert per batch; applying an event twice changes nothing.
 */
export async function recordItemInterest(m: EntityManager, workspaceId: string, events: UserEvent[]): Promise<void> {
  if (events.length === 0) return;
  const audiences = (await new JourneyRepository(m).activeByKind(workspaceId, 'catalog')).map((j) => (j.definition.entry as CatalogEntry).audience);
  if (audiences.length === 0) return;
  await new ItemInterestRepository(m).record(workspaceId, itemInterestRows(events, audiences));
}
