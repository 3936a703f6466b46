import { createFailedWorkTable, dropFailedWorkTable } from '@cairn/db';
import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The failure ledger of the journeys service's background work (libs/db
 * failed-work.ts): failing and parked items. A timer row is now `pending`
 * (claimable) or `parked` (it failed its last attempt; an operator retries it):
 * the status column's old `fired` and `cancelled`, unused since timers are
 * deleted when fired or cancelled, give way to `parked`.
 */
export class FailedWork1767657600000 implements MigrationInterface {
  name = 'FailedWork1767657600000';

  async up(runner: QueryRunner): Promise<void> {
    await createFailedWorkTable(runner, 'journeys');
    await runner.query(`ALTER TABLE journeys.timers DROP CONSTRAINT timers_status_check`);
    await runner.query(`ALTER TABLE journeys.timers ADD CONSTRAINT timers_status_check CHECK (status IN ('pending', 'parked'))`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`UPDATE journeys.timers SET status = 'pending' WHERE status = 'parked'`);
    await runner.query(`ALTER TABLE journeys.timers DROP CONSTRAINT timers_status_check`);
    await runner.query(`ALTER TABLE journeys.timers ADD CONSTRAINT timers_status_check CHECK (status IN ('pending', 'fired', 'cancelled'))`);
    await dropFailedWorkTable(runner, 'journeys');
  }
}
