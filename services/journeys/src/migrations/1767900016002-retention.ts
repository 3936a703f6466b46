import { MigrationInterface, QueryRunner } from 'typeorm';

/** The retention job finds a workspace's ended runs, oldest first, down this partial index. */
export class Retention1767900016002 implements MigrationInterface {
  name = 'Retention1767900016002';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE INDEX runs_ended ON journeys.runs (workspace_id, ended_at) WHERE status <> 'active'`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP INDEX IF EXISTS journeys.runs_ended`);
  }
}
