import { createFailedWorkTable, dropFailedWorkTable } from '@cairn/db';
import { MigrationInterface, QueryRunner } from 'typeorm';

/** The failure ledger of the segments service's background work (libs/db failed-work.ts): failing and parked items. */
export class FailedWork1767657600000 implements MigrationInterface {
  name = 'FailedWork1767657600000';

  async up(runner: QueryRunner): Promise<void> {
    await createFailedWorkTable(runner, 'segments');
  }

  async down(runner: QueryRunner): Promise<void> {
    await dropFailedWorkTable(runner, 'segments');
  }
}
