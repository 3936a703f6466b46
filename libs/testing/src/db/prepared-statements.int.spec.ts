import { createDataSource, preparingClient } from '@cairn/db';
import { randomUUID } from 'node:crypto';
import { Client, Pool } from 'pg';
import { DataSource, QueryRunner } from 'typeorm';
import { createTestDatabase, TestDatabase } from '../infra/isolation';

/**
 * Recurring statements run as named prepared statements on a real Postgres: what each connection has prepared is read
 * from pg_prepared_statements on that connection.
 */
describe('prepared statements', () => {
  let db: TestDatabase;
  const schema = `prep_${randomUUID().slice(0, 8)}`;

  beforeAll(async () => {
    db = await createTestDatabase();
  });

  afterAll(async () => db?.drop());

  const prepared = async (q: Pick<QueryRunner, 'query'>): Promise<string[]> =>
    (await q.query(`SELECT statement FROM pg_prepared_statements ORDER BY prepare_time`)).map((r: { statement: string }) => r.statement);

  describe('through a service data source', () => {
    let ds: DataSource;
    let runner: QueryRunner;

    beforeAll(async () => {
      ds = await createDataSource({ url: db.url, schema, migrations: [], applicationName: 'prepared-spec' });
      await ds.query(`CREATE TABLE ${schema}.items (id int PRIMARY KEY, name text NOT NULL)`);
      await ds.query(`INSERT INTO ${schema}.items SELECT g, 'item ' || g FROM generate_series(1, 10) g`);
      // One connection for every statement below, so its prepared statements are the ones read back.
      runner = ds.createQueryRunner();
      await runner.connect();
    });

    afterAll(async () => {
      await runner?.release();
      await ds?.destroy();
    });

    it('names a text with parameters from its third run on, with the same results, and plans each run for its values', async () => {
      const text = `SELECT name FROM ${schema}.items WHERE id = ANY($1::int[]) ORDER BY id`;
      const results = [];
      for (let i = 0; i < 5; i++) results.push(await runner.query(text, [[2, 3]]));
      expect(results).toEqual(Array(5).fill([{ name: 'item 2' }, { name: 'item 3' }]));
      expect(await prepared(runner)).toContain(text);
      expect(await runner.query(text, [[7]])).toEqual([{ name: 'item 7' }]);
      expect((await runner.query('SHOW plan_cache_mode'))[0].plan_cache_mode).toBe('force_custom_plan');
    });

    it('never names a text without parameters', async () => {
      const text = `SELECT count(*)::int AS n FROM ${schema}.items`;
      for (let i = 0; i < 5; i++) expect(await runner.query(text)).toEqual([{ n: 10 }]);
      expect(await prepared(runner)).not.toContain(text);
    });

    it('runs a text unnamed on a connection after its prepared statement went stale (a column added under `*`)', async () => {
      const text = `SELECT * FROM ${schema}.items WHERE id = $1`;
      for (let i = 0; i < 4; i++) expect(await runner.query(text, [1])).toEqual([{ id: 1, name: 'item 1' }]);
      expect(await prepared(runner)).toContain(text);
      // Another connection (a newer replica's migration) changes the table.
      await ds.query(`ALTER TABLE ${schema}.items ADD COLUMN size int NOT NULL DEFAULT 5`);
      const stale = await runner.query(text, [1]).catch((e: { code?: string }) => e);
      expect((stale as { code?: string }).code).toBe('0A000');
      expect(await runner.query(text, [1])).toEqual([{ id: 1, name: 'item 1', size: 5 }]);
      expect(await runner.query(text, [2])).toEqual([{ id: 2, name: 'item 2', size: 5 }]);
    });
  });

  it('prepares nothing when turned off', async () => {
    const ds = await createDataSource({ url: db.url, schema, migrations: [], applicationName: 'prepared-off-spec', preparedStatements: false });
    const runner = ds.createQueryRunner();
    try {
      await runner.connect();
      for (let i = 0; i < 5; i++) await runner.query(`SELECT $1::int + 1 AS n`, [i]);
      expect(await prepared(runner)).toEqual([]);
      expect((await runner.query('SHOW plan_cache_mode'))[0].plan_cache_mode).toBe('auto');
    } finally {
      await runner.release();
      await ds.destroy();
    }
  });

  it('names at most `most` texts in a pool, whatever else recurs', async () => {
    const pool = new Pool({ connectionString: db.url, max: 1, Client: preparingClient(Client, { after: 1, most: 2 }) });
    try {
      const texts = ['SELECT $1::int AS a', 'SELECT $1::int AS b', 'SELECT $1::int AS c'];
      for (let round = 0; round < 3; round++)
        for (const [i, text] of texts.entries()) expect((await pool.query(text, [i])).rows[0]).toEqual({ [text.slice(-1)]: i });
      const { rows } = await pool.query(`SELECT statement FROM pg_prepared_statements ORDER BY statement`);
      expect(rows.map((r) => r.statement)).toEqual(texts.slice(0, 2));
    } finally {
      await pool.end();
    }
  });
});
