import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';

/** The infrastructure the global setup found, as seen from a test file. */
export function testInfra(): { kafkaBrokers: string; databaseUrl: string } {
  const kafkaBrokers = process.env.CAIRN_TEST_KAFKA_BROKERS;
  const databaseUrl = process.env.CAIRN_TEST_DATABASE_URL;
  if (!kafkaBrokers || !databaseUrl) {
    throw new Error('integration tests need the harness: run them through jest (the integration and e2e projects set up Kafka and Postgres)');
  }
  return { kafkaBrokers, databaseUrl };
}

export function uniqueName(prefix: string): string {
  return `${prefix}${randomBytes(5).toString('hex')}`;
}

/** A topic prefix of its own for one test file, so files can run in parallel. */
export function testTopicPrefix(): string {
  return `${uniqueName('t')}.`;
}

export interface TestDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

/** A fresh database on the test Postgres, for one test file. */
export async function createTestDatabase(adminUrl = testInfra().databaseUrl): Promise<TestDatabase> {
  const name = uniqueName('cairn_test_');
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    drop: async () => {
      const c = new Client({ connectionString: adminUrl });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}

/** Writes a CAIRN_CONFIG file (workspaces, topicPrefix, dataDir, ...) for a service under test and returns its path. */
export function testConfigFile(content: Record<string, unknown>): string {
  const path = join(mkdtempSync(join(tmpdir(), 'cairn-config-')), 'cairn.json');
  writeFileSync(path, JSON.stringify(content));
  return path;
}
