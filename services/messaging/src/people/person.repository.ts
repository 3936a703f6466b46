import { EntityManager } from 'typeorm';

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
}
