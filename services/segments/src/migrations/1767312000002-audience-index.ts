import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Audience queries for catalog events ("who added P-100 in the last 30 days
 * and has not ordered since"): a GIN index over the stored occurrences finds
 * the candidate users by containment (event name and item property).
 */
export class AudienceIndex1767312000002 implements MigrationInterface {
  name = 'AudienceIndex1767312000002';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE INDEX user_states_events_gin ON segments.user_states USING gin ((state -> 'events') jsonb_path_ops)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP INDEX segments.user_states_events_gin`);
  }
}
