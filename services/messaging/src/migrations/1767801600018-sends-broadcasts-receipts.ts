import { MigrationInterface, QueryRunner } from 'typeorm';

const BEFORE = ['PENDING', 'SENDING', 'SENT', 'FAILED', 'SUPPRESSED', 'DEFERRED'];
/** What a provider's delivery receipt moves a sent message to. */
const RECEIPTS = ['DELIVERED', 'BOUNCED', 'OPENED', 'CLICKED', 'COMPLAINED'];
/** Statuses whose sends count against caps: reserved, sent, and sent with a receipt since. */
const COUNTED = ['SENDING', 'SENT', ...RECEIPTS];

const list = (values: string[]) => values.map((v) => `'${v}'`).join(',');

/**
 * Sends through the API, broadcasts, delivery receipts and fallbacks:
 *
 * - send intents may move on from SENT to a receipt's status (with its time),
 *   carry a fallback (`{ channel, template }`, then what became of it), the
 *   broadcast they belong to, and the fingerprint of the API request that
 *   made them (a repeated Idempotency-Key with another request is refused);
 *   caps count the receipt statuses too, so the counted index covers them;
 * - broadcasts and their targets (one row per member, exactly once);
 * - suppressed addresses per channel (a hard bounce or a complaint), by hash.
 */
export class SendsBroadcastsReceipts1767801600018 implements MigrationInterface {
  name = 'SendsBroadcastsReceipts1767801600018';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE messaging.send_intents DROP CONSTRAINT send_intents_status_check`);
    await runner.query(`ALTER TABLE messaging.send_intents ADD CONSTRAINT send_intents_status_check CHECK (status IN (${list([...BEFORE, ...RECEIPTS])}))`);
    await runner.query(`
      ALTER TABLE messaging.send_intents
        ADD COLUMN delivered_at timestamptz, ADD COLUMN opened_at timestamptz, ADD COLUMN clicked_at timestamptz,
        ADD COLUMN bounced_at timestamptz, ADD COLUMN bounce text, ADD COLUMN complained_at timestamptz,
        ADD COLUMN fallback jsonb, ADD COLUMN broadcast_id uuid, ADD COLUMN fingerprint text`);
    await runner.query(`DROP INDEX messaging.send_intents_counted`);
    await runner.query(`CREATE INDEX send_intents_counted ON messaging.send_intents (workspace_id, user_id, counted_at) WHERE status IN (${list(COUNTED)})`);
    await runner.query(`CREATE INDEX send_intents_broadcast ON messaging.send_intents (broadcast_id, status) WHERE broadcast_id IS NOT NULL`);
    await this.createBroadcasts(runner);
    await runner.query(`
      CREATE TABLE messaging.suppressions (
        workspace_id text NOT NULL,
        channel text NOT NULL,
        address_hash text NOT NULL,
        reason text NOT NULL CHECK (reason IN ('hard_bounce', 'complaint')),
        message_id uuid,
        at timestamptz NOT NULL,
        PRIMARY KEY (workspace_id, channel, address_hash)
      )`);
  }

  private async createBroadcasts(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE messaging.broadcasts (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        workspace_id text NOT NULL,
        key text NOT NULL,
        segment text NOT NULL,
        channel text NOT NULL,
        template text NOT NULL,
        category text NOT NULL,
        rate_per_minute integer,
        holdout double precision NOT NULL DEFAULT 0,
        send_at timestamptz NOT NULL,
        status text NOT NULL CHECK (status IN ('scheduled', 'sending', 'completed', 'cancelled', 'failed')),
        reason text,
        cursor text,
        targeting_done boolean NOT NULL DEFAULT false,
        step integer NOT NULL DEFAULT 0,
        next_run_at timestamptz NOT NULL,
        claimed_until timestamptz,
        started_at timestamptz,
        ended_at timestamptz,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        UNIQUE (workspace_id, key)
      )`);
    await runner.query(`CREATE INDEX broadcasts_due ON messaging.broadcasts (next_run_at) WHERE status IN ('scheduled', 'sending')`);
    await runner.query(`
      CREATE TABLE messaging.broadcast_targets (
        broadcast_id uuid NOT NULL REFERENCES messaging.broadcasts (id) ON DELETE CASCADE,
        user_id text NOT NULL,
        workspace_id text NOT NULL,
        state text NOT NULL CHECK (state IN ('pending', 'requested', 'holdout', 'cancelled')),
        traits jsonb,
        PRIMARY KEY (broadcast_id, user_id)
      )`);
    await runner.query(`CREATE INDEX broadcast_targets_pending ON messaging.broadcast_targets (broadcast_id, user_id) WHERE state = 'pending'`);
    await runner.query(`CREATE INDEX broadcast_targets_user ON messaging.broadcast_targets (workspace_id, user_id)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE IF EXISTS messaging.suppressions`);
    await runner.query(`DROP TABLE IF EXISTS messaging.broadcast_targets`);
    await runner.query(`DROP TABLE IF EXISTS messaging.broadcasts`);
    await runner.query(`DROP INDEX IF EXISTS messaging.send_intents_broadcast`);
    await runner.query(`DROP INDEX messaging.send_intents_counted`);
    // A message a receipt moved on was sent: it goes back to SENT before the older constraint returns.
    await runner.query(`UPDATE messaging.send_intents SET status = 'SENT' WHERE status IN (${list(RECEIPTS)})`);
    await runner.query(`CREATE INDEX send_intents_counted ON messaging.send_intents (workspace_id, user_id, counted_at) WHERE status IN ('SENDING','SENT')`);
    await runner.query(`
      ALTER TABLE messaging.send_intents
        DROP COLUMN delivered_at, DROP COLUMN opened_at, DROP COLUMN clicked_at, DROP COLUMN bounced_at, DROP COLUMN bounce,
        DROP COLUMN complained_at, DROP COLUMN fallback, DROP COLUMN broadcast_id, DROP COLUMN fingerprint`);
    await runner.query(`ALTER TABLE messaging.send_intents DROP CONSTRAINT send_intents_status_check`);
    await runner.query(`ALTER TABLE messaging.send_intents ADD CONSTRAINT send_intents_status_check CHECK (status IN (${list(BEFORE)}))`);
  }
}
