import { cpus, loadavg, totalmem } from 'node:os';
import { Client } from 'pg';

export interface Machine {
  at: string;
  cores: number;
  cpuModel: string;
  memoryGiB: number;
  node: string;
  /** The node flags every service process ran with. */
  serviceFlags: string;
  kafka: string;
  postgres: string;
  loadAverage: string;
}

/** The server settings that move the figures most; the summary states them. */
const REPORTED_SETTINGS = ['autovacuum', 'checkpoint_timeout', 'fsync', 'jit', 'max_wal_size', 'shared_buffers', 'synchronous_commit', 'wal_compression'];

const SOURCES: Record<string, string> = {
  own: "the bench's own instance",
  environment: 'DATABASE_URL',
  testcontainers: 'Testcontainers',
  local: 'the local server on 127.0.0.1:5432',
};

export async function describeMachine(databaseUrl: string, kafka: string, databaseSource: string, serviceFlags: string[]): Promise<Machine> {
  const source = SOURCES[databaseSource] ?? databaseSource;
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  let postgres: string;
  try {
    const version: string = (await client.query('SHOW server_version')).rows[0].server_version;
    const settings: Array<{ name: string; setting: string; unit: string | null }> = (
      await client.query(`SELECT name, setting, unit FROM pg_settings WHERE name = ANY($1::text[]) ORDER BY name`, [REPORTED_SETTINGS])
    ).rows;
    postgres = `${version}, ${source}; ${settings.map((s) => `${s.name} ${s.unit === '8kB' ? `${Math.round((Number(s.setting) * 8) / 1024)} MB` : `${s.setting}${s.unit ?? ''}`}`).join(', ')}`;
  } finally {
    await client.end();
  }
  return {
    at: new Date().toISOString(),
    cores: cpus().length,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    serviceFlags: serviceFlags.join(' '),
    kafka,
    postgres,
    loadAverage: loadavg()
      .map((l) => l.toFixed(2))
      .join(' '),
  };
}
