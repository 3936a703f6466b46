import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Coupon pools (generated codes or an uploaded list), their codes, and the
 * assignment of exactly one code per run (the run is the primary key).
 */
export class Coupons1767398400000 implements MigrationInterface {
  name = 'Coupons1767398400000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE TABLE journeys.coupon_pools (
      workspace_id text NOT NULL,
      key text NOT NULL,
      mode text NOT NULL CHECK (mode IN ('generated', 'list')),
      prefix text NOT NULL DEFAULT '',
      length int NOT NULL DEFAULT 10,
      created_at timestamptz NOT NULL,
      PRIMARY KEY (workspace_id, key))`);
    await runner.query(`CREATE TABLE journeys.coupon_codes (
      workspace_id text NOT NULL,
      pool text NOT NULL,
      code text NOT NULL,
      assigned boolean NOT NULL DEFAULT false,
      PRIMARY KEY (workspace_id, pool, code),
      FOREIGN KEY (workspace_id, pool) REFERENCES journeys.coupon_pools (workspace_id, key) ON DELETE CASCADE)`);
    await runner.query(`CREATE INDEX coupon_codes_free ON journeys.coupon_codes (workspace_id, pool) WHERE NOT assigned`);
    await runner.query(`CREATE TABLE journeys.coupon_assignments (
      run_id text PRIMARY KEY REFERENCES journeys.runs (id) ON DELETE CASCADE,
      workspace_id text NOT NULL,
      pool text NOT NULL,
      code text NOT NULL,
      assigned_at timestamptz NOT NULL,
      UNIQUE (workspace_id, pool, code))`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE journeys.coupon_assignments`);
    await runner.query(`DROP TABLE journeys.coupon_codes`);
    await runner.query(`DROP TABLE journeys.coupon_pools`);
  }
}
