import { MigrationInterface, QueryRunner } from 'typeorm';

/** Templates, channels, the frequency policy, the consent ledger and send intents (the delivery log). */
export class MessagingTables1767312000000 implements MigrationInterface {
  name = 'MessagingTables1767312000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE messaging.templates (
        workspace_id text NOT NULL,
        key text NOT NULL,
        channel text NOT NULL,
        category text,
        locale text,
        content jsonb NOT NULL,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        PRIMARY KEY (workspace_id, key)
      )`);
    await runner.query(`
      CREATE TABLE messaging.channels (
        workspace_id text NOT NULL,
        key text NOT NULL,
        type text NOT NULL,
        config jsonb NOT NULL,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        PRIMARY KEY (workspace_id, key)
      )`);
    await runner.query(`
      CREATE TABLE messaging.frequency_policies (
        workspace_id text PRIMARY KEY,
        policy jsonb NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
    await runner.query(`
      CREATE TABLE messaging.consents (
        workspace_id text NOT NULL,
        user_id text NOT NULL,
        ledger jsonb NOT NULL,
        updated_at timestamptz NOT NULL,
        PRIMARY KEY (workspace_id, user_id)
      )`);
    await runner.query(`
      CREATE TABLE messaging.consent_changes (
        id bigserial PRIMARY KEY,
        workspace_id text NOT NULL,
        user_id text NOT NULL,
        channel text NOT NULL,
        kind text NOT NULL,
        granted boolean NOT NULL,
        source text,
        at timestamptz NOT NULL
      )`);
    await runner.query(`CREATE INDEX consent_changes_user ON messaging.consent_changes (workspace_id, user_id, id)`);
    await this.createIntents(runner);
  }

  private async createIntents(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE messaging.send_intents (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        seq bigint GENERATED ALWAYS AS IDENTITY,
        workspace_id text NOT NULL,
        user_id text NOT NULL,
        idempotency_key text NOT NULL,
        journey jsonb,
        channel text NOT NULL,
        template text NOT NULL,
        content_channel text,
        category text NOT NULL,
        context jsonb NOT NULL,
        status text NOT NULL CHECK (status IN ('PENDING','SENDING','SENT','FAILED','SUPPRESSED','DEFERRED')),
        reason text,
        content jsonb,
        attempts integer NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL,
        counted_at timestamptz,
        sent_at timestamptz,
        deferred_until timestamptz,
        updated_at timestamptz NOT NULL,
        UNIQUE (workspace_id, idempotency_key)
      )`);
    await runner.query(`CREATE INDEX send_intents_user ON messaging.send_intents (workspace_id, user_id, seq DESC)`);
    await runner.query(`
      CREATE INDEX send_intents_counted ON messaging.send_intents (workspace_id, user_id, counted_at)
      WHERE status IN ('SENDING','SENT')`);
    await runner.query(`
      CREATE INDEX send_intents_due ON messaging.send_intents (deferred_until)
      WHERE status = 'DEFERRED'`);
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const table of ['send_intents', 'consent_changes', 'consents', 'frequency_policies', 'channels', 'templates']) {
      await runner.query(`DROP TABLE IF EXISTS messaging.${table}`);
    }
  }
}
