import { DEFAULT_PARTITIONS, TopicName } from '@cairn/contracts';
import type { KafkaSecurity } from '@cairn/config';
import { KafkaJsAdapter, kafkaJsClientConfig } from '@cairn/kafka';
import {
  createTestDatabase,
  Infrastructure,
  KAFKA_VERSION,
  resolveInfrastructure,
  spawnService,
  ServiceProcess,
  startOwnPostgres,
  TestDatabase,
  uniqueName,
} from '@cairn/testing';
import { Kafka } from 'kafkajs';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { progress } from './report';

export type ServiceName = 'events' | 'segments' | 'journeys' | 'messaging';

/** The workspace every bench run uses: UTC, no compliance preset, no practical ingest limit. */
export const BENCH_WORKSPACE = {
  id: 'bench',
  name: 'Benchmark',
  writeKeys: ['bench-write-key'],
  adminKeys: ['bench-admin-key'],
  timezone: 'UTC',
  compliance: 'none',
  ingestRatePerSecond: 10_000_000,
};
export const ADMIN_HEADERS = { authorization: `Bearer ${BENCH_WORKSPACE.adminKeys[0]}`, 'content-type': 'application/json' };
export const WRITE_HEADERS = { authorization: `Bearer ${BENCH_WORKSPACE.writeKeys[0]}`, 'content-type': 'application/json' };

/**
 * The settings of the bench's own Postgres: those of a production server of an OLTP service on a machine of this
 * size, durable like one (fsync and synchronous commit on), instead of whatever the machine's shared server runs
 * with (the test machine's: autovacuum off, 128 MB of buffers, a checkpoint every 1 GB of WAL, so most writes after a
 * checkpoint log a full page). Measured with `npm run bench -- --quick --only latency,e2e`, back to back: Postgres
 * 932 → 713 CPU-µs per event at the highest rate held (bench README).
 */
export const BENCH_POSTGRES_SETTINGS = [
  'fsync = on',
  'synchronous_commit = on',
  'full_page_writes = on',
  'shared_buffers = 1GB',
  'max_wal_size = 8GB',
  'checkpoint_timeout = 15min',
  'wal_compression = lz4',
  'autovacuum = on',
  'jit = off',
];

/**
 * Starts the bench's own Postgres (from the installed server binaries, with BENCH_POSTGRES_SETTINGS); undefined,
 * said, when there are none, and the bench then uses the Postgres the tests use.
 */
async function startBenchPostgres(extra: string[] = []): Promise<{ url: string; stop(): Promise<void> } | undefined> {
  try {
    const settings = [...BENCH_POSTGRES_SETTINGS, ...extra];
    const own = await startOwnPostgres({ settings });
    progress(`Postgres of the bench's own on 127.0.0.1:${own.port} (${settings.join(', ')})`);
    return own;
  } catch (e) {
    progress(`no Postgres of the bench's own (${(e as Error).message.split('\n')[0]}); using the tests' Postgres`);
    return undefined;
  }
}

/** Kafka, Postgres and a fresh database of the run, found the way the test harness finds them (Postgres: see startBenchPostgres). */
export class BenchInfra {
  private constructor(
    readonly infra: Infrastructure,
    readonly db: TestDatabase,
    readonly kafkaVersion: string,
    private readonly workDir: string,
    /** Where each service process writes a V8 CPU profile when it exits (`--cpu-prof DIR`); none without. */
    private readonly cpuProfileDir?: string,
    /** Node and V8 flags every service process gets after the harness's own (`--service-flags`). */
    readonly serviceFlags: string[] = [],
  ) {}

  /** `postgresSettings`: lines added to the bench's own Postgres's (e.g. PG_STATEMENTS_SETTINGS). */
  static async start(options: { cpuProfileDir?: string; postgresSettings?: string[]; serviceFlags?: string[] } = {}): Promise<BenchInfra> {
    const infra = await resolveInfrastructure(progress, { postgres: () => startBenchPostgres(options.postgresSettings) });
    const db = await createTestDatabase(infra.databaseUrl);
    const version =
      infra.kafkaSource === 'local-jars' ? `${KAFKA_VERSION} (KRaft, local jars)` : `${infra.kafkaSource} broker (version not reported by the client)`;
    return new BenchInfra(infra, db, version, mkdtempSync(join(tmpdir(), 'cairn-bench-')), options.cpuProfileDir, options.serviceFlags);
  }

  get brokers(): string {
    return this.infra.kafkaBrokers;
  }

  /** SASL/TLS of a broker given by KAFKA_BROKERS (the KAFKA_SASL_* and KAFKA_TLS_* variables); none for a local one. */
  get security(): KafkaSecurity {
    return this.infra.kafkaSecurity;
  }

  adapter(clientId: string): KafkaJsAdapter {
    return new KafkaJsAdapter({ brokers: [this.brokers], clientId, security: this.security });
  }

  /** A topic prefix of its own for one phase, so phases never read each other's messages. */
  prefix(phase: string): string {
    return `${uniqueName(`bench-${phase}-`)}.`;
  }

  async createTopics(prefix: string, topics: TopicName[]): Promise<void> {
    const bus = this.adapter('bench-admin');
    await bus.ensureTopics(topics.map((t) => ({ topic: prefix + t, partitions: DEFAULT_PARTITIONS[t] })));
    await bus.disconnect();
  }

  /**
   * Starts a service from dist/ as its own process with the topic prefix; by
   * default on the run's database with the bench workspace.
   */
  async spawn(service: ServiceName, prefix: string, options: { databaseUrl?: string; workspaces?: object[] } = {}): Promise<ServiceProcess> {
    const configFile = join(this.workDir, `${service}-${prefix}json`);
    // The webhook sink listens on loopback: the operator opens it (channels list it in allowedAddresses).
    const egress = { allowPrivate: ['127.0.0.1'] };
    writeFileSync(configFile, JSON.stringify({ topicPrefix: prefix, workspaces: options.workspaces ?? [BENCH_WORKSPACE], egress }));
    return spawnService({
      service,
      env: {
        ...this.infra.kafkaEnv,
        KAFKA_BROKERS: this.brokers,
        DATABASE_URL: options.databaseUrl ?? this.db.url,
        CAIRN_CONFIG: configFile,
        LOG_LEVEL: 'warn',
        NODE_ENV: 'test',
        ...(this.cpuProfileDir ? { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${this.cpuProfileDir} --cpu-prof-name=${service}.\${pid}.cpuprofile` } : {}),
      },
      nodeFlags: this.serviceFlags,
      readyTimeoutMs: 90_000,
    });
  }

  /** Sum over partitions of a topic's high watermark: how many messages it holds. */
  async topicSize(topic: string): Promise<number> {
    const kafka = new Kafka(kafkaJsClientConfig([this.brokers], 'bench-offsets', this.security));
    const admin = kafka.admin();
    await admin.connect();
    try {
      const offsets = await admin.fetchTopicOffsets(topic);
      return offsets.reduce((sum, p) => sum + Number(p.high), 0);
    } finally {
      await admin.disconnect();
    }
  }

  /** Stops what was started (the broker first, whatever happens), then drops the run's database. */
  async stop(): Promise<void> {
    await this.infra.stop().catch(() => undefined);
    await this.db.drop().catch(() => undefined);
  }
}

/** A long-lived admin for polling offsets in a loop. */
export async function offsetWatcher(brokers: string, security?: KafkaSecurity): Promise<{ size(topic: string): Promise<number>; close(): Promise<void> }> {
  const admin = new Kafka(kafkaJsClientConfig([brokers], 'bench-watch', security)).admin();
  await admin.connect();
  return {
    size: async (topic) => (await admin.fetchTopicOffsets(topic)).reduce((sum, p) => sum + Number(p.high), 0),
    close: () => admin.disconnect(),
  };
}

/** An admin call; `adminKey` names another workspace than the bench one. */
export async function api(base: string, method: string, path: string, body?: unknown, adminKey?: string): Promise<{ status: number; json: unknown }> {
  const headers = adminKey ? { ...ADMIN_HEADERS, authorization: `Bearer ${adminKey}` } : ADMIN_HEADERS;
  const res = await fetch(`${base}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  if (res.status >= 400) throw new Error(`${method} ${path} answered ${res.status}: ${text.slice(0, 500)}`);
  return { status: res.status, json: text ? JSON.parse(text) : undefined };
}

/** Polls until `condition` holds or the deadline passes (then throws naming `what`). */
export async function until(condition: () => Promise<boolean> | boolean, what: string, timeoutMs = 120_000, intervalMs = 50): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
