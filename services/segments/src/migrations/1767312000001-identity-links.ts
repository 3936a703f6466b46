import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Identity links: an anonymous id (or an aliased previous id) merged into a
 * user id. Events that carry only the anonymous id are then attributed to the
 * user.
 */
export class IdentityLinks1767312000001 implements MigrationInterface {
  name = 'IdentityLinks1767312000001';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE segments.identity_links (
        workspace_id text NOT NULL,
        anonymous_id text NOT NULL,
        user_id text NOT NULL,
        linked_at timestamptz NOT NULL,
        PRIMARY KEY (workspace_id, anonymous_id)
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE segments.identity_links`);
  }
}
