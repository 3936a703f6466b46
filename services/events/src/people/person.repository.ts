import { userPartitionKey } from '@cairn/contracts';
import { outboxValuesOf, removeFromOutbox } from '@cairn/kafka';
import { EntityManager } from 'typeorm';

/**
 * What the events service holds about a person: only events accepted and not
 * yet published (the outbox, keyed `<workspaceId>:<userId or anonymousId>`,
 * while Kafka is away) or parked there. The dedupe table holds message ids
 * without any id of the person. Scoped to one workspace.
 */
export class PersonRepository {
  constructor(private readonly m: EntityManager) {}

  async erase(workspaceId: string, ids: string[]): Promise<void> {
    await removeFromOutbox(
      this.m,
      'events',
      ids.map((id) => userPartitionKey(workspaceId, id)),
    );
  }

  /** The ids' events accepted and not yet published (waiting in the outbox or parked out of it), oldest first. */
  async pending(workspaceId: string, ids: string[]): Promise<unknown[]> {
    const values = await outboxValuesOf(
      this.m,
      'events',
      ids.map((id) => userPartitionKey(workspaceId, id)),
    );
    return values.map((v) => JSON.parse(v.toString('utf8')) as unknown);
  }
}
