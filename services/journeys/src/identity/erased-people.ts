import { ErasureLedger, ErasureRecord } from '@cairn/db';
import { EntityManager } from 'typeorm';

/** Suppression records already read for a batch: the ids looked up, and the records found among them. */
export interface ErasureLookup {
  ids: ReadonlySet<string>;
  records: ReadonlyMap<string, ErasureRecord>;
}

const NOTHING_READ: ErasureLookup = { ids: new Set(), records: new Map() };

/**
 * Per user id re-created after an erasure (its events after the erasure start
 * a new person), the time of that erasure: a run it begins carries it as
 * `personSince` (and gets an id of its own). Ids not looked up yet are read in
 * one query.
 */
export async function personSince(
  m: EntityManager,
  workspaceId: string,
  userIds: Iterable<string>,
  known: ErasureLookup = NOTHING_READ,
): Promise<Map<string, number>> {
  const ids = [...new Set(userIds)];
  const missing = ids.filter((id) => !known.ids.has(id));
  const read = missing.length > 0 ? await new ErasureLedger(m, 'journeys').erasedAmong(workspaceId, missing) : new Map<string, ErasureRecord>();
  const out = new Map<string, number>();
  for (const id of ids) {
    const record = known.records.get(id) ?? read.get(id);
    if (record) out.set(id, record.erasedAt);
  }
  return out;
}
