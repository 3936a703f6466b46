import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Segment definitions, per-user state (event history, traits, membership
 * sequence), memberships and re-evaluation timers.
 *
 * - `definitions_version` is bumped in the transaction of every definition
 *   change, so each consumer replica knows when to reload its in-memory index.
 * - `backfill_from` is the resumable cursor of a segment's backfill over the
 *   stored user states: NULL when the backfill is done; '' to start it.
 * - `timers.due_at` is the earliest instant one of the user's answers can
 *   change with no new event; the partial index only holds pending timers.
 */
export class Segments1767312000000 implements MigrationInterface {
  name = 'Segments1767312000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE segments.segments (
        id uuid PRIMARY KEY,
        workspace_id text NOT NULL,
        key text NOT NULL,
        name text NOT NULL,
        description text,
        condition jsonb NOT NULL,
        revision integer NOT NULL DEFAULT 1,
        backfill_from text,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        CONSTRAINT segments_workspace_key UNIQUE (workspace_id, key)
      )`);
    await runner.query(`CREATE INDEX segments_backfill_pending ON segments.segments (workspace_id) WHERE backfill_from IS NOT NULL`);
    await runner.query(`
      CREATE TABLE segments.definitions_version (
        workspace_id text PRIMARY KEY,
        version bigint NOT NULL
      )`);
    await runner.query(`
      CREATE TABLE segments.user_states (
        workspace_id text NOT NULL,
        user_id text NOT NULL,
        state jsonb NOT NULL,
        next_changes jsonb NOT NULL DEFAULT '{}'::jsonb,
        seq bigint NOT NULL DEFAULT 0,
        updated_at timestamptz NOT NULL,
        PRIMARY KEY (workspace_id, user_id)
      )`);
    await runner.query(`
      CREATE TABLE segments.memberships (
        segment_id uuid NOT NULL REFERENCES segments.segments (id) ON DELETE CASCADE,
        workspace_id text NOT NULL,
        user_id text NOT NULL,
        entered_at timestamptz NOT NULL,
        PRIMARY KEY (segment_id, user_id)
      )`);
    await runner.query(`CREATE INDEX memberships_user ON segments.memberships (workspace_id, user_id)`);
    await runner.query(`
      CREATE TABLE segments.timers (
        workspace_id text NOT NULL,
        user_id text NOT NULL,
        due_at timestamptz,
        PRIMARY KEY (workspace_id, user_id)
      )`);
    await runner.query(`CREATE INDEX timers_pending ON segments.timers (due_at) WHERE due_at IS NOT NULL`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE segments.timers`);
    await runner.query(`DROP TABLE segments.memberships`);
    await runner.query(`DROP TABLE segments.user_states`);
    await runner.query(`DROP TABLE segments.definitions_version`);
    await runner.query(`DROP TABLE segments.segments`);
  }
}
