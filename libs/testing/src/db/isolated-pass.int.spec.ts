import { createLogger } from '@cairn/observability';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager, QueryRunner } from 'typeorm';
import { createDataSource, createFailedWorkTable, IsolatedWork, listFailedWork, recordDueFailure, runIsolatedPass, runMigrations } from '@cairn/db';
import { createTestDatabase, TestDatabase } from '../infra/isolation';

const schema = `iso_${randomUUID().slice(0, 8)}`;

class Items1700000000001 {
  name = 'Items1700000000001';
  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    await createFailedWorkTable(runner, schema);
    await runner.query(`CREATE TABLE ${schema}.items (id text PRIMARY KEY, due_at timestamptz NOT NULL, done boolean NOT NULL DEFAULT false)`);
  }
  async down(): Promise<void> {
    /* the schema is dropped whole */
  }
}

/**
 * The isolated pass on a real Postgres: a poison item costs only itself, and
 * one failure is counted once even when two workers claimed the item in turn.
 */
describe('runIsolatedPass', () => {
  let ds: DataSource;
  let db: TestDatabase;
  const now = new Date('2026-03-02T03:00:00Z');
  const logger = createLogger({ level: 'silent', service: 'test' });

  beforeAll(async () => {
    db = await createTestDatabase();
    ds = await createDataSource({ url: db.url, schema, migrations: [Items1700000000001], applicationName: 'isolated-pass-spec' });
    await runMigrations(ds);
  });

  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  const work: IsolatedWork<string> = {
    kind: 'item',
    identify: (id) => ({ item: id, workspaceId: 'dev' }),
    claim: async (m: EntityManager, only?: string[]) => {
      const rows: Array<{ id: string }> = await m.query(
        `SELECT id FROM ${schema}.items WHERE NOT done AND due_at <= $1 ${only ? 'AND id = ANY($2::text[])' : ''} ORDER BY id FOR UPDATE SKIP LOCKED`,
        only ? [now, only] : [now],
      );
      return rows.map((r) => r.id);
    },
    handle: async (m, ids) => {
      if (ids.includes('poison')) throw new TypeError('cannot advance poison');
      await m.query(`UPDATE ${schema}.items SET done = true WHERE id = ANY($1::text[])`, [ids]);
      return 0;
    },
    setAside: async (m, id, retryAt) => {
      await m.query(`UPDATE ${schema}.items SET due_at = COALESCE($2::timestamptz, 'infinity') WHERE id = $1`, [id, retryAt]);
    },
  };
  const policy = { maxAttempts: 3, baseDelayMs: 10_000, maxDelayMs: 60_000 };

  it('handles the others of the batch and sets the poison aside with one attempt and its backoff', async () => {
    await ds.query(`INSERT INTO ${schema}.items (id, due_at) VALUES ('a', $1), ('poison', $1), ('b', $1)`, [now]);
    const pass = await runIsolatedPass({ dataSource: ds, schema, logger, now: () => now, policy }, work);
    expect(pass.claimed).toBe(3);
    const done: Array<{ id: string }> = await ds.query(`SELECT id FROM ${schema}.items WHERE done ORDER BY id`);
    expect(done.map((r) => r.id)).toEqual(['a', 'b']);
    expect(await listFailedWork(ds.manager, schema, 'dev', { limit: 10 })).toEqual([
      expect.objectContaining({ kind: 'item', item: 'poison', attempts: 1, state: 'retrying', retryAt: new Date(now.getTime() + 10_000).toISOString() }),
    ]);
  });

  it('counts a failure once when a second worker, which claimed the item after the first let go of it, records it too', async () => {
    const failure = { kind: 'item', item: 'twice', workspaceId: 'dev', reason: 'TypeError: no' };
    const first = await ds.transaction((m) => recordDueFailure(m, schema, failure, now, policy));
    // The other worker failed the same claim a moment later: the item was set aside since it came due.
    const second = await ds.transaction((m) => recordDueFailure(m, schema, failure, new Date(now.getTime() + 5), policy));
    expect([first?.attempts, second]).toEqual([1, undefined]);
    // Due again at the end of the backoff and failing again: the second attempt, with the doubled backoff.
    const retryAt = new Date(now.getTime() + 10_000);
    const third = await ds.transaction((m) => recordDueFailure(m, schema, failure, retryAt, policy));
    expect(third).toEqual({ attempts: 2, retryAt: new Date(retryAt.getTime() + 20_000), parked: false });
  });
});
