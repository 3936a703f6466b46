import { createErasuresTable, dropErasuresTable } from '@cairn/db';
import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The suppression record of erased people (libs/db erasures.ts): per erased id,
 * its hash, the request's time and whether later events are dropped for good.
 * The ids merged into a user are found by user (a profile, an erasure), and
 * say whether each was an anonymous id or an alias (links made before this
 * migration count as anonymous ids).
 */
export class Erasures1767900016001 implements MigrationInterface {
  name = 'Erasures1767900016001';

  async up(runner: QueryRunner): Promise<void> {
    await createErasuresTable(runner, 'segments');
    await runner.query(`CREATE INDEX identity_links_user_idx ON segments.identity_links (workspace_id, user_id)`);
    await runner.query(`ALTER TABLE segments.identity_links ADD COLUMN kind text NOT NULL DEFAULT 'anonymous' CHECK (kind IN ('anonymous', 'alias'))`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE segments.identity_links DROP COLUMN kind`);
    await runner.query(`DROP INDEX segments.identity_links_user_idx`);
    await dropErasuresTable(runner, 'segments');
  }
}
