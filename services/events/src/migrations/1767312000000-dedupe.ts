import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Message ids already accepted per workspace and stream (behaviour or catalog
 * events), so a repeat is answered 200 and not published again. Rows are kept
 * at least 24 hours (see DEDUPE_RETENTION_MS) and pruned by received_at.
 */
export class Dedupe1767312000000 implements MigrationInterface {
  name = 'Dedupe1767312000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE events.accepted_messages (
        workspace_id text NOT NULL,
        stream text NOT NULL,
        message_id text NOT NULL,
        received_at timestamptz NOT NULL,
        PRIMARY KEY (workspace_id, stream, message_id)
      )`);
    await runner.query(`CREATE INDEX accepted_messages_received_at ON events.accepted_messages (received_at)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE IF EXISTS events.accepted_messages`);
  }
}
