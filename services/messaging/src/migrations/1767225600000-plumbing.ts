import { createPlumbingTables, dropPlumbingTables } from '@cairn/db';
import { MigrationInterface, QueryRunner } from 'typeorm';

/** The messaging schema's processed-message keys and transactional outbox. */
export class Plumbing1767225600000 implements MigrationInterface {
  name = 'Plumbing1767225600000';

  async up(runner: QueryRunner): Promise<void> {
    await createPlumbingTables(runner, 'messaging');
  }

  async down(runner: QueryRunner): Promise<void> {
    await dropPlumbingTables(runner, 'messaging');
  }
}
