import { identityLinkIdentity, userPartitionKey } from '@cairn/contracts';
import { removeFromOutbox } from '@cairn/kafka';
import { EntityManager } from 'typeorm';
import { DEFERRED_KIND, RETRY_KIND } from '../sending/parked-kinds';
import { MESSAGING_SCHEMA } from '../shared/schema';

/** What messaging keeps about one person, moved or removed as a whole; every method is scoped to one workspace. */
export class PersonRepository {
  constructor(private readonly m: EntityManager) {}

  /** The merged id's consent history and send intents become the user's (the delivery log, and what caps count). */
  async moveTo(workspaceId: string, from: string, into: string): Promise<void> {
    await this.m.query(`UPDATE messaging.consent_changes SET user_id = $3 WHERE workspace_id = $1 AND user_id = $2`, [workspaceId, from, into]);
    await this.m.query(`UPDATE messaging.send_intents SET user_id = $3 WHERE workspace_id = $1 AND user_id = $2`, [workspaceId, from, into]);
  }

  /** Removes the id's consent ledger row (its flags were merged into the user's). */
  async removeConsents(workspaceId: string, userId: string): Promise<void> {
    await this.m.query(`DELETE FROM messaging.consents WHERE workspace_id = $1 AND user_id = $2`, [workspaceId, userId]);
  }

  /**
   * Removes the ids' send intents (content, rendering context, addresses) with their failed deliveries, their
   * consent ledgers and history, their rows in broadcasts' target lists, the identity merges naming them (and the processed keys of those merges, which
   * name the merged id) and the outcomes not yet published.
   */
  async erase(workspaceId: string, ids: string[], mergesConsumer: string): Promise<void> {
    const gone: Array<{ id: string }> = await this.m.query(
      `DELETE FROM messaging.send_intents WHERE workspace_id = $1 AND user_id = ANY($2::text[]) RETURNING id`,
      [workspaceId, ids],
    );
    if (gone.length > 0) {
      await this.m.query(`DELETE FROM messaging.failed_work WHERE kind = ANY($1::text[]) AND item = ANY($2::text[])`, [
        [DEFERRED_KIND, RETRY_KIND],
        gone.map((g) => g.id),
      ]);
    }
    // A broadcast's target row holds the member's traits until the member's message is requested.
    for (const table of ['consents', 'consent_changes', 'broadcast_targets']) {
      await this.m.query(`DELETE FROM messaging.${table} WHERE workspace_id = $1 AND user_id = ANY($2::text[])`, [workspaceId, ids]);
    }
    await this.m.query(`DELETE FROM messaging.identity_links WHERE workspace_id = $1 AND (previous_id = ANY($2::text[]) OR user_id = ANY($2::text[]))`, [
      workspaceId,
      ids,
    ]);
    await this.m.query(`DELETE FROM messaging.processed_messages WHERE consumer = $1 AND key = ANY($2::text[])`, [
      mergesConsumer,
      ids.map((previousId) => identityLinkIdentity({ workspaceId, previousId })),
    ]);
    await removeFromOutbox(
      this.m,
      MESSAGING_SCHEMA,
      ids.map((id) => userPartitionKey(workspaceId, id)),
    );
  }

  /** The ids' send intents, every column that says something about the person, oldest first. */
  async intents(workspaceId: string, ids: string[]): Promise<Array<Record<string, unknown>>> {
    return this.m.query(
      `SELECT id, user_id AS "userId", idempotency_key AS "idempotencyKey", journey, channel, template, category, context, status, reason,
         content, attempts, created_at AS "createdAt", sent_at AS "sentAt", deferred_until AS "deferredUntil", updated_at AS "updatedAt"
       FROM messaging.send_intents WHERE workspace_id = $1 AND user_id = ANY($2::text[]) ORDER BY created_at, seq`,
      [workspaceId, ids],
    );
  }
}
