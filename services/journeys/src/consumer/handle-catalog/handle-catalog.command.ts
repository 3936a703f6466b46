import type { CatalogEvent } from '@cairn/contracts';

/** One consumed batch of `cairn.catalog-events.v1` (one partition), in offset order. */
export interface HandleCatalogCommand {
  events: CatalogEvent[];
}
