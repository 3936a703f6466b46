import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What providers' delivery receipts said of a run's message (messaging's
 * DELIVERED, BOUNCED, OPENED, CLICKED, COMPLAINED outcomes), each kind's
 * first time, and the fallback channel a message went through, for the stats.
 */
export class MessageReceipts1767801600018 implements MigrationInterface {
  name = 'MessageReceipts1767801600018';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      ALTER TABLE journeys.sends
        ADD COLUMN delivered_at timestamptz, ADD COLUMN opened_at timestamptz, ADD COLUMN clicked_at timestamptz,
        ADD COLUMN bounced_at timestamptz, ADD COLUMN bounce text, ADD COLUMN complained_at timestamptz, ADD COLUMN fallback text`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`
      ALTER TABLE journeys.sends
        DROP COLUMN delivered_at, DROP COLUMN opened_at, DROP COLUMN clicked_at, DROP COLUMN bounced_at, DROP COLUMN bounce,
        DROP COLUMN complained_at, DROP COLUMN fallback`);
  }
}
