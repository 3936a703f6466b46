import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Segment size history: one row per segment and snapshot slot (every 10
 * minutes, written by the size snapshot job), kept 90 days. A deleted
 * segment's history goes with it.
 */
export class SizeSnapshots1767744000000 implements MigrationInterface {
  name = 'SizeSnapshots1767744000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE segments.size_snapshots (
        segment_id uuid NOT NULL REFERENCES segments.segments (id) ON DELETE CASCADE,
        workspace_id text NOT NULL,
        at timestamptz NOT NULL,
        size integer NOT NULL,
        PRIMARY KEY (segment_id, at)
      )`);
    await runner.query(`CREATE INDEX size_snapshots_age ON segments.size_snapshots (workspace_id, at)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE segments.size_snapshots`);
  }
}
