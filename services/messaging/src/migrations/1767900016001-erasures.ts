import { createErasuresTable, dropErasuresTable } from '@cairn/db';
import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The suppression record of erased people (libs/db erasures.ts): per erased id,
 * its hash, the request's time and whether later events are dropped for good.
 */
export class Erasures1767900016001 implements MigrationInterface {
  name = 'Erasures1767900016001';

  async up(runner: QueryRunner): Promise<void> {
    await createErasuresTable(runner, 'messaging');
  }

  async down(runner: QueryRunner): Promise<void> {
    await dropErasuresTable(runner, 'messaging');
  }
}
