import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The identity merges messaging followed (`cairn.identity-links.v1`): an id
 * merged into a user. Kept so that a merge into an id that was itself merged
 * away since (a chain whose links arrive out of order) lands on the final user.
 */
export class IdentityLinks1767900016000 implements MigrationInterface {
  name = 'IdentityLinks1767900016000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE messaging.identity_links (
        workspace_id text NOT NULL,
        previous_id text NOT NULL,
        user_id text NOT NULL,
        linked_at timestamptz NOT NULL,
        PRIMARY KEY (workspace_id, previous_id)
      )`);
    await runner.query(`CREATE INDEX identity_links_user_idx ON messaging.identity_links (workspace_id, user_id)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE messaging.identity_links`);
  }
}
