import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A template key may have one variant per locale (and one without): the
 * primary key (workspace, key) becomes a unique (workspace, key, locale).
 * Down keeps one variant per key (the one without a locale, else the oldest).
 */
export class TemplateLocales1767484800000 implements MigrationInterface {
  name = 'TemplateLocales1767484800000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE messaging.templates DROP CONSTRAINT templates_pkey`);
    await runner.query(`CREATE UNIQUE INDEX templates_key_locale ON messaging.templates (workspace_id, key, (COALESCE(lower(locale), '')))`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`
      DELETE FROM messaging.templates t USING (
        SELECT ctid AS row_id, row_number() OVER (PARTITION BY workspace_id, key ORDER BY locale IS NULL DESC, created_at, locale) AS n
        FROM messaging.templates
      ) ranked
      WHERE t.ctid = ranked.row_id AND ranked.n > 1`);
    await runner.query(`DROP INDEX IF EXISTS messaging.templates_key_locale`);
    await runner.query(`ALTER TABLE messaging.templates ADD PRIMARY KEY (workspace_id, key)`);
  }
}
