import { createDataSource, revertAllMigrations, runMigrations } from '@cairn/db';
import { createTestDatabase, TestDatabase } from '../infra/isolation';
import { MigrationInterface } from 'typeorm';

/** Every service's migrations run up, down and up again on the real Postgres. */

async function tables(url: string, schema: string): Promise<string[]> {
  const ds = await createDataSource({ url, schema, migrations: [], applicationName: 'probe' });
  const rows: Array<{ table_name: string }> = await ds.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY 1`, [schema]);
  await ds.destroy();
  return rows.map((r) => r.table_name);
}

export function describeMigrationRoundTrip(schema: string, migrations: Array<new () => MigrationInterface>): void {
  let db: TestDatabase;
  beforeAll(async () => (db = await createTestDatabase()));
  afterAll(async () => db?.drop());

  describe(`the ${schema} migrations`, () => {
    it('apply, revert completely, and apply again', async () => {
      const ds = await createDataSource({ url: db.url, schema, migrations, applicationName: 'migrations-test' });
      try {
        expect(await runMigrations(ds)).toHaveLength(migrations.length);
        const created = await tables(db.url, schema);
        expect(created).toEqual(expect.arrayContaining(['migrations', 'outbox', 'processed_messages']));
        expect(await revertAllMigrations(ds)).toBe(migrations.length);
        expect(await tables(db.url, schema)).toEqual(['migrations']);
        expect(await runMigrations(ds)).toHaveLength(migrations.length);
        expect(await tables(db.url, schema)).toEqual(created);
      } finally {
        await ds.destroy();
      }
    });
  });
}
