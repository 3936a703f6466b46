import { accessSync, constants } from 'node:fs';
import { ConfigError } from './config.error';
import { parseBoolean } from './kafka-security';
import type { DatabaseSettings } from './connectivity.types';
import { ENV } from './surface';

type Env = Record<string, string | undefined>;
const SSL_MODES = ['disable', 'prefer', 'require', 'verify-ca', 'verify-full', 'no-verify'];
const SSL_FILES = ['sslrootcert', 'sslcert', 'sslkey'];

function parseInteger(field: string, raw: string | undefined, fallback: number, min: number, max: number): number {
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) throw new ConfigError(field, `must be an integer from ${min} to ${max}`);
  return value;
}

/**
 * DATABASE_URL: a postgres:// URL. Its TLS settings are libpq's query
 * parameters (`sslmode`, `sslrootcert`, `sslcert`, `sslkey`); the mode must be
 * one node-postgres knows and every file it names must be readable now.
 */
export function parseDatabaseUrl(raw: string | undefined): string | null {
  if (!raw) return null;
  let url: URL;
  try {
    if (!/^postgres(ql)?:\/\//.test(raw)) throw new Error('not postgres');
    url = new URL(raw);
  } catch {
    throw new ConfigError(ENV.databaseUrl, 'must be a postgres:// URL');
  }
  const mode = url.searchParams.get('sslmode');
  if (mode !== null && !SSL_MODES.includes(mode)) throw new ConfigError(ENV.databaseUrl, `sslmode must be one of ${SSL_MODES.join(', ')}`);
  for (const name of SSL_FILES) {
    const path = url.searchParams.get(name);
    if (path === null) continue;
    try {
      accessSync(path, constants.R_OK);
    } catch (e) {
      throw new ConfigError(ENV.databaseUrl, `${name}: cannot read ${path}: ${(e as Error).message}`);
    }
  }
  return raw;
}

/** DATABASE_POOL_SIZE, DATABASE_STATEMENT_TIMEOUT_MS and DATABASE_PREPARED_STATEMENTS. */
export function parseDatabaseSettings(env: Env): DatabaseSettings {
  return {
    poolSize: parseInteger(ENV.databasePoolSize, env[ENV.databasePoolSize], 10, 2, 200),
    statementTimeoutMs: parseInteger(ENV.databaseStatementTimeoutMs, env[ENV.databaseStatementTimeoutMs], 0, 0, 3_600_000),
    preparedStatements: parseBoolean(ENV.databasePreparedStatements, env[ENV.databasePreparedStatements]) ?? true,
  };
}
