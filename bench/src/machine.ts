import { cpus, loadavg, totalmem } from 'node:os';
import { Client } from 'pg';

export interface Machine {
  at: string;
  cores: number;
  cpuModel: string;
  memoryGiB: number;
  node: string;
  kafka: string;
  postgres: string;
  loadAverage: string;
}

export async function describeMachine(databaseUrl: string, kafka: string): Promise<Machine> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  let postgres: string;
  try {
    postgres = (await client.query('SHOW server_version')).rows[0].server_version;
  } finally {
    await client.end();
  }
  return {
    at: new Date().toISOString(),
    cores: cpus().length,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    kafka,
    postgres,
    loadAverage: loadavg()
      .map((l) => l.toFixed(2))
      .join(' '),
  };
}
