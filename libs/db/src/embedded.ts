import { DataSource } from 'typeorm';

/**
 * Embedded Postgres (PGlite) for the all-in-one mode when DATABASE_URL is unset.
 * Same SQL, same migrations; one connection, in this process.
 */
export async function createEmbeddedDataSource(common: object, dataDir?: string): Promise<DataSource> {
  throw new Error(`embedded Postgres is not available in this build (dataDir ${dataDir ?? 'memory'}); set DATABASE_URL`);
}
