import { ENV, KafkaSecurity, parseKafkaSecurity } from '@cairn/config';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { Client } from 'pg';
import { startLocalKafka } from './local-kafka';
import { repoRoot } from './util';

/**
 * Where the tests get Kafka and Postgres, in this order (docs/design.md §4):
 * 1. KAFKA_BROKERS / DATABASE_URL from the environment;
 * 2. Testcontainers, when a Docker engine answers;
 * 3. a local KRaft broker started from Apache Kafka's jars (fetched with Maven)
 *    and the local Postgres on 127.0.0.1:5432.
 * Without any of these it fails and says what to provide; it never skips.
 */
export interface Infrastructure {
  kafkaBrokers: string;
  kafkaSource: 'environment' | 'testcontainers' | 'local-jars';
  /** The broker's process id now, when the harness started it from the jars (for CPU accounting). */
  kafkaPid?: () => number;
  /** SASL/TLS of a broker from KAFKA_BROKERS (KAFKA_SASL_*, KAFKA_TLS_*); empty for one the harness started. */
  kafkaSecurity: KafkaSecurity;
  /** Those variables as given, to pass on to service processes. */
  kafkaEnv: Record<string, string>;
  /** Admin URL of a Postgres where test databases can be created. */
  databaseUrl: string;
  databaseSource: 'environment' | 'testcontainers' | 'local' | 'own';
  /** Stops what the harness started. */
  stop(): Promise<void>;
}

export const LOCAL_POSTGRES_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

export function cacheRoot(env: NodeJS.ProcessEnv = process.env): string {
  return env.CAIRN_CACHE_DIR || join(repoRoot(), '.cache');
}

function dockerAnswers(): boolean {
  try {
    execFileSync('docker', ['info', '--format', '{{.ServerVersion}}'], { stdio: 'ignore', timeout: 5_000 });
    return true;
  } catch {
    return false;
  }
}

function javaAvailable(): boolean {
  try {
    execFileSync('java', ['-version'], { stdio: 'ignore', timeout: 10_000 });
    execFileSync('mvn', ['-v'], { stdio: 'ignore', timeout: 20_000 });
    return true;
  } catch {
    return false;
  }
}

async function postgresAnswers(url: string): Promise<boolean> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 3_000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * `options.postgres`: a Postgres the caller started for itself (the bench's own instance), used when DATABASE_URL
 * names none and stopped with the rest.
 */
export async function resolveInfrastructure(
  log: (line: string) => void,
  options: { postgres?: () => Promise<{ url: string; stop(): Promise<void> } | undefined> } = {},
): Promise<Infrastructure> {
  const env = process.env;
  const stops: Array<() => Promise<void>> = [];
  let kafka: Pick<Infrastructure, 'kafkaBrokers' | 'kafkaSource' | 'kafkaPid'> | undefined;
  let db: Pick<Infrastructure, 'databaseUrl' | 'databaseSource'> | undefined;
  if (env.KAFKA_BROKERS) kafka = { kafkaBrokers: env.KAFKA_BROKERS, kafkaSource: 'environment' };
  if (env.DATABASE_URL) db = { databaseUrl: env.DATABASE_URL, databaseSource: 'environment' };
  if (!db && options.postgres) {
    const own = await options.postgres();
    if (own) {
      db = { databaseUrl: own.url, databaseSource: 'own' };
      stops.push(own.stop);
    }
  }
  if ((!kafka || !db) && dockerAnswers()) {
    const { startContainers } = await import('./containers');
    const started = await startContainers({ kafka: !kafka, postgres: !db }, log);
    kafka ??= started.kafkaBrokers ? { kafkaBrokers: started.kafkaBrokers, kafkaSource: 'testcontainers' } : undefined;
    db ??= started.databaseUrl ? { databaseUrl: started.databaseUrl, databaseSource: 'testcontainers' } : undefined;
    stops.push(started.stop);
  }
  if (!kafka) {
    if (!javaAvailable()) {
      throw new Error(
        'no Kafka for the tests: set KAFKA_BROKERS, or run a Docker engine (Testcontainers), or install Java 17+ and Maven so the harness can start Apache Kafka from its jars',
      );
    }
    const local = await startLocalKafka(cacheRoot(), log);
    kafka = { kafkaBrokers: local.brokers, kafkaSource: 'local-jars', kafkaPid: () => local.pid };
    stops.push(local.stop);
  }
  if (!db) {
    if (!(await postgresAnswers(LOCAL_POSTGRES_URL))) {
      throw new Error(
        `no Postgres for the tests: set DATABASE_URL, or run a Docker engine (Testcontainers), or run Postgres on 127.0.0.1:5432 with trust auth for user postgres`,
      );
    }
    db = { databaseUrl: LOCAL_POSTGRES_URL, databaseSource: 'local' };
  }
  const external = kafka.kafkaSource === 'environment';
  const names = [
    ENV.kafkaSaslMechanism,
    ENV.kafkaSaslUsername,
    ENV.kafkaSaslPassword,
    ENV.kafkaTls,
    ENV.kafkaTlsCaFile,
    ENV.kafkaTlsCertFile,
    ENV.kafkaTlsKeyFile,
  ];
  const kafkaEnv = external ? Object.fromEntries(names.filter((n) => env[n]).map((n) => [n, env[n]!])) : {};
  return {
    ...kafka,
    ...db,
    kafkaSecurity: external ? parseKafkaSecurity(env) : {},
    kafkaEnv,
    stop: async () => void (await Promise.all(stops.map((s) => s()))),
  };
}
