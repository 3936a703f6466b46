import { createFailedWorkTable, dropFailedWorkTable } from '@cairn/db';
import { MigrationInterface, QueryRunner } from 'typeorm';

/** The failure ledger of the events service's background work (libs/db failed-work.ts): failing and parked items. */
export class FailedWork1767657600000 implements MigrationInterface {
  name = 'FailedWork1767657600000';

  async up(runner: QueryRunner): Promise<void> {
    await createFailedWorkTable(runner, 'events');
  }

  async down(runner: QueryRunner): Promise<void> {
    await dropFailedWorkTable(runner, 'events');
  }
}
