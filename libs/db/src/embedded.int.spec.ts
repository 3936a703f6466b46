import { createDataSource, runMigrations } from './data-source';
import { claimNewKeys } from './idempotency';
import { createPlumbingTables, dropPlumbingTables } from './plumbing.migration';
import { QueryRunner } from 'typeorm';

class Probe1700000000001 {
  name = 'Probe1700000000001';
  async up(runner: QueryRunner): Promise<void> {
    await createPlumbingTables(runner, 'emb');
    await runner.query(`CREATE TABLE emb.counters (id text PRIMARY KEY, n bigint NOT NULL, payload bytea, at timestamptz NOT NULL DEFAULT now())`);
  }
  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE emb.counters`);
    await dropPlumbingTables(runner, 'emb');
  }
}

/**
 * The embedded Postgres of the all-in-one mode answers like the real one for
 * the SQL the services use, and keeps transactions apart on its single session.
 */
describe('embedded Postgres (PGlite)', () => {
  it('runs migrations, serialises concurrent transactions, and shapes results like pg', async () => {
    const ds = await createDataSource({ url: null, schema: 'emb', migrations: [Probe1700000000001], applicationName: 't', dataDir: 'memory://embedded-spec' });
    try {
      expect(await runMigrations(ds)).toEqual(['Probe1700000000001']);
      await ds.query(`INSERT INTO emb.counters (id, n, payload) VALUES ('a', 0, $1)`, [Buffer.from('hi')]);
      // 20 concurrent read-modify-write transactions: without isolation some increments would be lost.
      await Promise.all(
        Array.from({ length: 20 }, () =>
          ds.transaction(async (m) => {
            const [row] = await m.query(`SELECT n FROM emb.counters WHERE id = 'a'`);
            await new Promise((r) => setImmediate(r));
            await m.query(`UPDATE emb.counters SET n = $1 WHERE id = 'a'`, [Number(row.n) + 1]);
          }),
        ),
      );
      const [row] = await ds.query(`SELECT n, payload, at FROM emb.counters WHERE id = 'a'`);
      expect(row.n).toBe('20');
      expect(Buffer.isBuffer(row.payload) && row.payload.toString()).toBe('hi');
      expect(row.at).toBeInstanceOf(Date);
      const updated = await ds.query(`UPDATE emb.counters SET n = n + 1 RETURNING id`);
      expect(updated).toEqual([[{ id: 'a' }], 1]);
      const fresh = await ds.transaction((m) => claimNewKeys(m, 'emb', 'c', ['k1', 'k2', 'k1']));
      expect([...fresh].sort()).toEqual(['k1', 'k2']);
      const again = await ds.transaction((m) => claimNewKeys(m, 'emb', 'c', ['k2', 'k3']));
      expect([...again]).toEqual(['k3']);
      await expect(
        ds.transaction(async (m) => {
          await m.query(`INSERT INTO emb.counters (id, n) VALUES ('b', 1)`);
          throw new Error('roll back');
        }),
      ).rejects.toThrow('roll back');
      expect(await ds.query(`SELECT id FROM emb.counters ORDER BY id`)).toEqual([{ id: 'a' }]);
    } finally {
      await ds.destroy();
    }
  });
});
