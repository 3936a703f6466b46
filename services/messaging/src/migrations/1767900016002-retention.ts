import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The retention job finds the settled sends whose rendered content and
 * context are still kept, oldest first, down this partial index; a send
 * leaves it once they are removed.
 */
export class Retention1767900016002 implements MigrationInterface {
  name = 'Retention1767900016002';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE INDEX send_intents_content_kept ON messaging.send_intents (workspace_id, created_at)
      WHERE content IS NOT NULL OR context <> '{}'::jsonb`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP INDEX IF EXISTS messaging.send_intents_content_kept`);
  }
}
