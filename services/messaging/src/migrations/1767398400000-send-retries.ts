import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * When a reserved send (SENDING) is next tried: a lease while a worker
 * delivers it, or a backoff after the provider was unavailable. A due SENDING
 * row is claimed again by the poller, so a crash or an outage never loses it.
 */
export class SendRetries1767398400000 implements MigrationInterface {
  name = 'SendRetries1767398400000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE messaging.send_intents ADD COLUMN retry_at timestamptz`);
    await runner.query(`CREATE INDEX send_intents_retry ON messaging.send_intents (retry_at) WHERE status = 'SENDING'`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP INDEX IF EXISTS messaging.send_intents_retry`);
    await runner.query(`ALTER TABLE messaging.send_intents DROP COLUMN IF EXISTS retry_at`);
  }
}
