import { BehaviourEvent } from '@cairn/contracts';
import { erasedBefore, ErasureLedger, ErasureRecord } from '@cairn/db';
import { EntityManager } from 'typeorm';

/** The ids an event names: its user, its anonymous id, an alias's previous id. */
export function idsOfEvent(e: Pick<BehaviourEvent, 'userId' | 'anonymousId' | 'previousId'>): string[] {
  return [e.userId, e.anonymousId, e.previousId].filter((id): id is string => typeof id === 'string');
}

/**
 * A consumed batch of behaviour events without those that belong to an erased
 * person (`DELETE /v1/users/:userId`): an event naming an erased id and stamped
 * at or before the erasure (a late or replayed event of the erased person), or
 * any event of an id the workspace suppresses. Later events of an erased id
 * start a new, empty person. One indexed read of the schema's suppression
 * records; also returns the records found, by id.
 */
export async function withoutErasedEvents(
  m: EntityManager,
  schema: string,
  workspaceId: string,
  events: BehaviourEvent[],
): Promise<{ events: BehaviourEvent[]; erased: Map<string, ErasureRecord> }> {
  const erased = await new ErasureLedger(m, schema).erasedAmong(workspaceId, events.flatMap(idsOfEvent));
  if (erased.size === 0) return { events, erased };
  const kept = events.filter((e) => !idsOfEvent(e).some((id) => erasedBefore(erased.get(id), Date.parse(e.timestamp))));
  return { events: kept, erased };
}
