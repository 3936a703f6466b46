import { KafkaJsAdapter } from '@cairn/kafka';
import { topicSpecs } from '@cairn/contracts';
import { cacheRoot, freePort, KafkaCluster, OwnPostgres, ServiceProcess, spawnService, startKafkaCluster, startOwnPostgres } from '@cairn/testing';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { FaultySink } from './sink';

export type ServiceName = 'events' | 'segments' | 'journeys' | 'messaging';
export const SERVICES: ServiceName[] = ['events', 'segments', 'journeys', 'messaging'];
export const REPLICAS = 2;
export const PREFIX = 'chaos.';

export const WORKSPACE = {
  id: 'chaos',
  name: 'Chaos',
  writeKeys: ['chaos-write-key-0123456789'],
  adminKeys: ['chaos-admin-key-0123456789'],
  timezone: 'UTC',
  compliance: 'none',
  ingestRatePerSecond: 1_000_000,
};

interface Slot {
  service: ServiceName;
  replica: number;
  port: number;
  proc?: ServiceProcess;
}

/**
 * The stack a chaos run owns: a 3-node Kafka cluster, a Postgres of its own,
 * two replicas of each service as processes from dist/ on fixed ports (a
 * restarted replica comes back on its port), and the provider sink.
 */
export class ChaosStack {
  readonly slots: Slot[] = [];
  /** Every service process started, replaced ones included, for their output when a run finds a loss. */
  private readonly started: Array<{ name: string; proc: ServiceProcess }> = [];
  readonly sink = new FaultySink();
  private readonly configFile: string;

  private constructor(
    readonly kafka: KafkaCluster,
    readonly pg: OwnPostgres,
    readonly databaseUrl: string,
    private readonly log: (line: string) => void,
  ) {
    this.configFile = join(mkdtempSync(join(tmpdir(), 'cairn-chaos-')), 'config.json');
    writeFileSync(this.configFile, JSON.stringify({ topicPrefix: PREFIX, workspaces: [WORKSPACE], egress: { allowPrivate: ['127.0.0.1'] } }));
  }

  static async start(log: (line: string) => void): Promise<ChaosStack> {
    const [kafka, pg] = await Promise.all([startKafkaCluster(cacheRoot(), { log }), startOwnPostgres()]);
    const admin = new Client({ connectionString: pg.url });
    await admin.connect();
    await admin.query('CREATE DATABASE cairn');
    await admin.end();
    const stack = new ChaosStack(kafka, pg, pg.url.replace(/\/postgres$/, '/cairn'), log);
    await stack.sink.start();
    // The topics first, so eight processes starting together do not race on creating them.
    const bus = new KafkaJsAdapter({ brokers: kafka.brokers.split(','), clientId: 'chaos-admin' });
    await bus.ensureTopics(topicSpecs(PREFIX));
    await bus.disconnect();
    for (const service of SERVICES) for (let replica = 0; replica < REPLICAS; replica++) stack.slots.push({ service, replica, port: await freePort() });
    // First replicas (each migrates its schema), then the second ones.
    await Promise.all(stack.slots.filter((s) => s.replica === 0).map((s) => stack.startSlot(s)));
    await Promise.all(stack.slots.filter((s) => s.replica > 0).map((s) => stack.startSlot(s)));
    log(`stack: ${stack.slots.map((s) => `${s.service}#${s.replica} (pid ${s.proc!.child.pid})`).join(', ')}`);
    return stack;
  }

  async startSlot(slot: Slot): Promise<void> {
    slot.proc = await spawnService({
      service: slot.service,
      env: {
        KAFKA_BROKERS: this.kafka.brokers,
        DATABASE_URL: this.databaseUrl,
        CAIRN_CONFIG: this.configFile,
        PORT: String(slot.port),
        // Warnings too (a relay pass that failed, a batch retried): what a run that lost something needs read.
        LOG_LEVEL: 'warn',
        NODE_ENV: 'test',
      },
      readyTimeoutMs: 120_000,
    });
    this.started.push({ name: `${slot.service}#${slot.replica}`, proc: slot.proc });
  }

  /** Writes the output of every service process the run started into `dir` (one file each); returns how many. */
  saveOutputs(dir: string): number {
    mkdirSync(dir, { recursive: true });
    for (const { name, proc } of this.started) writeFileSync(join(dir, `${name}.${proc.child.pid}.log`), proc.output());
    return this.started.length;
  }

  slot(service: ServiceName, replica: number): Slot {
    return this.slots.find((s) => s.service === service && s.replica === replica)!;
  }

  /** URLs of the replicas of a service that are running now. */
  urls(service: ServiceName): string[] {
    return this.slots
      .filter((s) => s.service === service && s.proc && s.proc.child.exitCode === null && s.proc.child.signalCode === null)
      .map((s) => s.proc!.url);
  }

  async sql<T = Record<string, unknown>>(text: string): Promise<T[]> {
    const client = new Client({ connectionString: this.databaseUrl });
    await client.connect();
    try {
      return (await client.query(text)).rows as T[];
    } finally {
      await client.end();
    }
  }

  async stop(): Promise<void> {
    await Promise.all(this.slots.map((s) => s.proc?.stop('SIGKILL').catch(() => undefined)));
    await this.sink.stop();
    await this.kafka.stop();
    await this.pg.stop();
    this.log('stack stopped');
  }
}
