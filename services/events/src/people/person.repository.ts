import { userPartitionKey } from '@cairn/contracts';
import { removeFromOutbox } from '@cairn/kafka';
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

  /** The ids' events accepted and not yet published, oldest first. */
  async pending(workspaceId: string, ids: string[]): Promise<unknown[]> {
    const rows: Array<{ value: Buffer }> = await this.m.query(`SELECT value FROM events.outbox WHERE key = ANY($1::text[]) ORDER BY id`, [
      ids.map((id) => userPartitionKey(workspaceId, id)),
    ]);
    return rows.map((r) => JSON.parse(Buffer.from(r.value).toString('utf8')) as unknown);
  }
}
