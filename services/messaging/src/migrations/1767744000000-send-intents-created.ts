import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The delivery log by time: the console's send series (counts per status in
 * time buckets) and its filtered, newest-first log page down this index
 * instead of over every intent of the workspace.
 */
export class SendIntentsCreated1767744000000 implements MigrationInterface {
  name = 'SendIntentsCreated1767744000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE INDEX send_intents_created ON messaging.send_intents (workspace_id, created_at DESC, seq DESC)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP INDEX IF EXISTS messaging.send_intents_created`);
  }
}
