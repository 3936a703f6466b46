import type { KafkaSecurity } from '@cairn/config';
import { topicSpecs } from '@cairn/contracts';
import { KafkaJsAdapter } from '@cairn/kafka';
import { cacheRoot, LocalKafka, startLocalKafka } from '@cairn/testing';
import { execFileSync } from 'node:child_process';
import { Client } from 'pg';

export class StackError extends Error {}

/** Creates the database of `url` on its server when it is missing. */
export async function ensureDatabase(url: string): Promise<'created' | 'exists'> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.slice(1));
  if (!/^[A-Za-z0-9_]+$/.test(name)) throw new StackError(`database name ${JSON.stringify(name)} in DATABASE_URL: use letters, digits and _`);
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString(), connectionTimeoutMillis: 3_000 });
  try {
    await client.connect();
  } catch (error) {
    throw new StackError(
      `Postgres does not answer at ${admin.host} (${(error as Error).message}). Start Postgres on 127.0.0.1:5432 with trust auth for user postgres, or set DATABASE_URL.`,
    );
  }
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount) return 'exists';
    await client.query(`CREATE DATABASE ${name}`);
    return 'created';
  } finally {
    await client.end();
  }
}

/** A local single-node Kafka from Apache Kafka's jars (tools/kafka/fetch.sh), started detached. */
export async function startKafka(log: (line: string) => void): Promise<LocalKafka> {
  try {
    execFileSync('java', ['-version'], { stdio: 'ignore', timeout: 10_000 });
  } catch {
    throw new StackError(
      'Java 17+ is needed to run Kafka from its jars (and Maven to fetch them once). Install them, or set KAFKA_BROKERS to a running broker.',
    );
  }
  try {
    return await startLocalKafka(cacheRoot(), log);
  } catch (error) {
    throw new StackError(`Kafka did not start: ${(error as Error).message}`);
  }
}

/**
 * Creates the topics and their dead-letter topics before the services start,
 * so four services starting at once do not race on creating the ones they share.
 * Returns how many topics are in place.
 */
export async function createTopics(brokers: string, security?: KafkaSecurity): Promise<number> {
  // With KAFKA_BROKERS set, the broker's SASL/TLS settings apply here as in the services.
  const bus = new KafkaJsAdapter({ brokers: brokers.split(','), clientId: 'cairn-stack', security });
  try {
    const specs = topicSpecs();
    await bus.ensureTopics(specs);
    return specs.length;
  } catch (error) {
    throw new StackError(`could not create the topics on ${brokers}: ${(error as Error).message}`);
  } finally {
    await bus.disconnect().catch(() => undefined);
  }
}
