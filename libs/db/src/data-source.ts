import { DataSource, MigrationInterface } from 'typeorm';
import { preparingClient } from './prepared-statements';

export interface DataSourceOptions {
  /** postgres:// URL; null selects embedded PGlite (all-in-one only). */
  url: string | null;
  /** The service's own Postgres schema; every table of the service lives in it. */
  schema: string;
  migrations: Array<new () => MigrationInterface>;
  applicationName: string;
  /** Most connections of the pool (default 10). */
  poolSize?: number;
  /** Postgres statement_timeout of every connection in milliseconds; 0 or absent: none. */
  statementTimeoutMs?: number;
  /**
   * Run recurring statements as named prepared statements (default true; prepared-statements.ts). Off for a pooler
   * in transaction mode that does not keep them (PgBouncer before 1.21, or without max_prepared_statements).
   */
  preparedStatements?: boolean;
  /** Directory for the embedded database when url is null. */
  dataDir?: string;
}

const SCHEMA_RE = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * A TypeORM DataSource for one service. `synchronize` is never on: the schema
 * is what the reviewed migrations say. Migrations are tracked per service in
 * `<schema>.migrations`.
 */
export async function createDataSource(options: DataSourceOptions): Promise<DataSource> {
  if (!SCHEMA_RE.test(options.schema)) throw new Error(`invalid schema name ${options.schema}`);
  const common = {
    type: 'postgres' as const,
    schema: options.schema,
    migrations: options.migrations,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each' as const,
    synchronize: false,
    logging: false,
  };
  const dataSource = options.url
    ? new DataSource({
        ...common,
        url: options.url,
        applicationName: options.applicationName,
        // TLS comes from the URL (sslmode, sslrootcert, sslcert, sslkey; node-postgres reads them).
        extra: {
          max: options.poolSize ?? 10,
          // pg is loaded here, as TypeORM loads it, not when libs/db is imported: tracing, started in between,
          // instruments it only if it is loaded after.
          ...(options.preparedStatements === false ? {} : { Client: preparingClient((await import('pg')).Client) }),
          idleTimeoutMillis: 30_000,
          ...(options.statementTimeoutMs ? { statement_timeout: options.statementTimeoutMs } : {}),
        },
      })
    : await embeddedDataSource(common, options.dataDir);
  await dataSource.initialize();
  await dataSource.query(`CREATE SCHEMA IF NOT EXISTS ${options.schema}`);
  return dataSource;
}

async function embeddedDataSource(common: object, dataDir?: string): Promise<DataSource> {
  const { createEmbeddedDataSource } = await import('./embedded');
  return createEmbeddedDataSource(common, dataDir);
}

export async function runMigrations(dataSource: DataSource): Promise<string[]> {
  const applied = await dataSource.runMigrations({ transaction: 'each' });
  return applied.map((m) => m.name);
}

/** Reverts every applied migration of the data source, newest first. */
export async function revertAllMigrations(dataSource: DataSource): Promise<number> {
  let reverted = 0;
  while (await hasAppliedMigrations(dataSource)) {
    await dataSource.undoLastMigration({ transaction: 'each' });
    reverted++;
  }
  return reverted;
}

async function hasAppliedMigrations(dataSource: DataSource): Promise<boolean> {
  const schema = (dataSource.options as { schema: string }).schema;
  const rows: Array<{ exists: string | null }> = await dataSource.query(`SELECT to_regclass($1) AS exists`, [`${schema}.migrations`]);
  if (!rows[0]?.exists) return false;
  const count: Array<{ n: string }> = await dataSource.query(`SELECT count(*) AS n FROM ${schema}.migrations`);
  return Number(count[0].n) > 0;
}

/** Waits until the database answers a trivial query; used by readiness. */
export async function pingDatabase(dataSource: DataSource): Promise<boolean> {
  try {
    await dataSource.query('SELECT 1');
    return true;
  } catch {
    return false;
  }
}
