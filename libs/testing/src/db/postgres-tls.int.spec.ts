import { ConfigError, loadConfig } from '@cairn/config';
import { createDataSource } from '@cairn/db';
import { DataSource } from 'typeorm';
import { createTestCa } from '../infra/certs';
import { startTlsPostgres, TlsPostgres } from '../infra/tls-postgres';

/**
 * DATABASE_URL with sslmode=verify-full and a CA file, as a deployment writes
 * it, through loadConfig into a service's DataSource, against a Postgres of
 * this file's own that accepts TLS connections only.
 */
let pg: TlsPostgres;

beforeAll(async () => {
  pg = await startTlsPostgres();
}, 120_000);

afterAll(async () => pg?.stop());

async function open(url: string, env: Record<string, string> = {}): Promise<DataSource> {
  const config = loadConfig({ service: 'segments', env: { KAFKA_BROKERS: 'unused:9092', DATABASE_URL: url, ...env } });
  return createDataSource({
    url: config.databaseUrl,
    schema: 'tls_probe',
    migrations: [],
    applicationName: 'cairn-tls-probe',
    poolSize: config.database.poolSize,
    statementTimeoutMs: config.database.statementTimeoutMs,
  });
}

describe('Postgres over TLS', () => {
  it('connects with sslmode=verify-full and the CA file, encrypted', async () => {
    const ds = await open(pg.url);
    try {
      const [row] = await ds.query('SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()');
      expect(row.ssl).toBe(true);
    } finally {
      await ds.destroy();
    }
  });

  it('refuses a server whose certificate another CA signed', async () => {
    const stranger = createTestCa('Some other CA');
    await expect(open(pg.url.replace(/sslrootcert=[^&]+/, `sslrootcert=${encodeURIComponent(stranger.caFile)}`))).rejects.toThrow(/certificate/i);
  });

  it('refuses a host name the certificate does not name with verify-full, and accepts it with libpq verify-ca', async () => {
    const byName = pg.url.replace('127.0.0.1', 'localhost');
    await expect(open(byName)).rejects.toThrow(/does not match certificate/i);
    // node-postgres treats verify-ca as verify-full unless asked for libpq's meaning.
    const ds = await open(byName.replace('verify-full', 'verify-ca&uselibpqcompat=true'));
    await ds.destroy();
  });

  it('names DATABASE_URL at boot when the CA file cannot be read', () => {
    expect(() =>
      loadConfig({ service: 'segments', env: { KAFKA_BROKERS: 'k:9092', DATABASE_URL: pg.url.replace(/sslrootcert=[^&]+/, 'sslrootcert=/nowhere/ca.crt') } }),
    ).toThrow(ConfigError);
  });

  it('applies DATABASE_STATEMENT_TIMEOUT_MS and DATABASE_POOL_SIZE to every connection', async () => {
    const ds = await open(pg.url, { DATABASE_STATEMENT_TIMEOUT_MS: '300', DATABASE_POOL_SIZE: '3' });
    try {
      await expect(ds.query('SELECT pg_sleep(5)')).rejects.toThrow(/statement timeout/);
      // Six queries at once share the pool's three connections.
      const pids = new Set<number>();
      await Promise.all(Array.from({ length: 6 }, async () => pids.add((await ds.query('SELECT pg_backend_pid() AS pid, pg_sleep(0.1)'))[0].pid)));
      const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'cairn-tls-probe'`);
      expect(pids.size).toBeLessThanOrEqual(3);
      expect(n).toBeLessThanOrEqual(3);
    } finally {
      await ds.destroy();
    }
  });
});
