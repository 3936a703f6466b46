import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Identity links as journeys reads them from `cairn.events.v1`: an id (an
 * anonymous id, an alias's previous id) merged into a user. Events of the id
 * then count for the user, and its runs were moved to the user when the link
 * was made. `user_idx` finds the ids merged into a user (its profile, an erasure).
 */
export class IdentityLinks1767900016000 implements MigrationInterface {
  name = 'IdentityLinks1767900016000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE journeys.identity_links (
        workspace_id text NOT NULL,
        anonymous_id text NOT NULL,
        user_id text NOT NULL,
        linked_at timestamptz NOT NULL,
        PRIMARY KEY (workspace_id, anonymous_id)
      )`);
    await runner.query(`CREATE INDEX identity_links_user_idx ON journeys.identity_links (workspace_id, user_id)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE journeys.identity_links`);
  }
}
