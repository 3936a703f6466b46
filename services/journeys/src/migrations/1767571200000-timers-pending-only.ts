import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A row of journeys.timers now means a pending timer: firing or cancelling a
 * timer deletes it. Removes the fired and cancelled rows earlier versions kept.
 * `down` has nothing to restore (those rows were history only; nothing reads them).
 */
export class TimersPendingOnly1767571200000 implements MigrationInterface {
  name = 'TimersPendingOnly1767571200000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`DELETE FROM journeys.timers WHERE status <> 'pending'`);
  }

  async down(): Promise<void> {
    // Deleted history is not restored; the schema is unchanged.
  }
}
