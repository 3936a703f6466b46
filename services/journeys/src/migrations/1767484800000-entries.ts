import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Catalog and schedule entries:
 * - item_interest: a local projection of who showed interest in an item (the
 *   audience event of a published catalog journey) and when they last ordered
 *   it (its `notFollowedBy` event), one row per (workspace, item, user);
 * - catalog_entries: the last catalog-triggered entry per (journey, item,
 *   user) and the interest it answered, so one interest gives one notice
 *   however many restocks follow;
 * - schedules: one durable schedule per published schedule-entry journey, with
 *   the cursor of an occurrence being entered page by page;
 * - a GIN index to find a segment's members among the users journeys knows.
 */
export class Entries1767484800000 implements MigrationInterface {
  name = 'Entries1767484800000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE TABLE journeys.item_interest (
      workspace_id text NOT NULL,
      item_id text NOT NULL,
      user_id text NOT NULL,
      interested_at timestamptz,
      ordered_at timestamptz,
      PRIMARY KEY (workspace_id, item_id, user_id))`);
    await runner.query(`CREATE TABLE journeys.catalog_entries (
      journey_id uuid NOT NULL REFERENCES journeys.journeys (id) ON DELETE CASCADE,
      item_id text NOT NULL,
      user_id text NOT NULL,
      interest_at timestamptz NOT NULL,
      entered_at timestamptz NOT NULL,
      PRIMARY KEY (journey_id, item_id, user_id))`);
    await runner.query(`CREATE TABLE journeys.schedules (
      journey_id uuid PRIMARY KEY REFERENCES journeys.journeys (id) ON DELETE CASCADE,
      workspace_id text NOT NULL,
      due_at timestamptz NOT NULL,
      cursor text)`);
    await runner.query(`CREATE INDEX schedules_due ON journeys.schedules (due_at)`);
    await runner.query(`CREATE INDEX users_segments ON journeys.users USING gin (segments)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP INDEX journeys.users_segments`);
    await runner.query(`DROP TABLE journeys.schedules`);
    await runner.query(`DROP TABLE journeys.catalog_entries`);
    await runner.query(`DROP TABLE journeys.item_interest`);
  }
}
