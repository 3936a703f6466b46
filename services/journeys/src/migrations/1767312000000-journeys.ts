import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Journeys (drafts), their immutable published versions, runs (one row per
 * user episode, changed only by conditional updates on `revision`), durable
 * timers (claimed under a partial index of pending rows), send records (one per
 * idempotency key) and what the service knows of users (traits, segments).
 */
export class Journeys1767312000000 implements MigrationInterface {
  name = 'Journeys1767312000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE TABLE journeys.journeys (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      workspace_id text NOT NULL,
      key text NOT NULL,
      name text NOT NULL,
      draft jsonb NOT NULL,
      status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'active', 'paused')),
      current_version int,
      entry_kind text NOT NULL,
      entry_name text NOT NULL,
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL,
      UNIQUE (workspace_id, key))`);
    await runner.query(`CREATE INDEX journeys_entry_idx ON journeys.journeys (workspace_id, entry_kind, entry_name) WHERE status = 'active'`);
    await runner.query(`CREATE TABLE journeys.journey_versions (
      journey_id uuid NOT NULL REFERENCES journeys.journeys (id) ON DELETE CASCADE,
      version int NOT NULL,
      definition jsonb NOT NULL,
      published_at timestamptz NOT NULL,
      PRIMARY KEY (journey_id, version))`);
    await runner.query(`CREATE TABLE journeys.runs (
      id text PRIMARY KEY,
      workspace_id text NOT NULL,
      journey_id uuid NOT NULL REFERENCES journeys.journeys (id) ON DELETE CASCADE,
      version int NOT NULL,
      user_id text NOT NULL,
      episode int NOT NULL,
      status text NOT NULL,
      step text,
      grp text NOT NULL,
      converted boolean NOT NULL DEFAULT false,
      goal_deadline timestamptz,
      exit_reason text,
      entered_at timestamptz NOT NULL,
      ended_at timestamptz,
      revision int NOT NULL DEFAULT 0,
      state jsonb NOT NULL,
      UNIQUE (workspace_id, journey_id, user_id, episode))`);
    await runner.query(`CREATE UNIQUE INDEX runs_one_active ON journeys.runs (journey_id, user_id) WHERE status = 'active'`);
    await runner.query(`CREATE INDEX runs_user_idx ON journeys.runs (workspace_id, user_id)`);
    await runner.query(`CREATE TABLE journeys.timers (
      id bigserial PRIMARY KEY,
      run_id text NOT NULL REFERENCES journeys.runs (id) ON DELETE CASCADE,
      step text NOT NULL,
      occurrence int NOT NULL,
      due_at timestamptz NOT NULL,
      status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'fired', 'cancelled')),
      UNIQUE (run_id, step, occurrence))`);
    await runner.query(`CREATE INDEX timers_pending_due ON journeys.timers (due_at) WHERE status = 'pending'`);
    await runner.query(`CREATE TABLE journeys.sends (
      idempotency_key text PRIMARY KEY,
      run_id text NOT NULL REFERENCES journeys.runs (id) ON DELETE CASCADE,
      step text NOT NULL,
      occurrence int NOT NULL,
      status text NOT NULL,
      reason text,
      created_at timestamptz NOT NULL)`);
    await runner.query(`CREATE INDEX sends_run_idx ON journeys.sends (run_id)`);
    await runner.query(`CREATE TABLE journeys.users (
      workspace_id text NOT NULL,
      user_id text NOT NULL,
      traits jsonb NOT NULL DEFAULT '{}',
      segments text[] NOT NULL DEFAULT '{}',
      PRIMARY KEY (workspace_id, user_id))`);
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const table of ['users', 'sends', 'timers', 'runs', 'journey_versions', 'journeys']) {
      await runner.query(`DROP TABLE journeys.${table}`);
    }
  }
}
