import { KafkaSecurity, ServiceName, SERVICE_NAMES } from '@cairn/config';
import { topicSpecs } from '@cairn/contracts';
import { KafkaJsAdapter } from '@cairn/kafka';
import {
  createTestDatabase,
  freePort,
  testConfigFile,
  repoRoot,
  ServiceProcess,
  spawnService,
  TestDatabase,
  testInfra,
  testTopicPrefix,
  waitFor,
} from '@cairn/testing';
import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConsoleFiles } from '../../services/all-in-one/src/console/console-files';
import { consoleServer } from '../../services/all-in-one/src/console/console-server';
import { ScenarioWorkspace } from './workspaces';

/** Cairn under test: where each service's public API answers. */
export interface Stack {
  mode: 'distributed' | 'all-in-one' | 'all-in-one on Kafka';
  url(service: ServiceName): string;
  /** The topic prefix of this stack's Kafka topics, when it runs on Kafka. */
  topicPrefix?: string;
  /** The stack's database. */
  databaseUrl?: string;
  /** Where the calls on the person whole are answered: the all-in-one's front door, or the console's server (distributed). */
  frontDoor(): string;
  /** Output of the processes so far, for failure messages. */
  output(): string;
  stop(): Promise<void>;
  /** Distributed mode: ends one service's process with `signal` and starts it again on the same port, database and topics. */
  restart?(service: ServiceName, signal: NodeJS.Signals): Promise<void>;
}

function configFile(workspaces: ScenarioWorkspace[], extra: Record<string, unknown> = {}): string {
  return testConfigFile({ ...extra, workspaces: workspaces.map((w) => w.config) });
}

/**
 * Creates the file's topics and their dead-letter topics before the services
 * start, so the four do not each create the ones they share at the same time.
 */
async function provisionTopics(brokers: string, prefix: string, security?: KafkaSecurity): Promise<void> {
  const bus = new KafkaJsAdapter({ brokers: [brokers], clientId: 'cairn-e2e', security });
  try {
    await bus.ensureTopics(topicSpecs(prefix));
  } finally {
    await bus.disconnect();
  }
}

/** Where a distributed stack finds Kafka and Postgres, when not the harness's (e.g. a secured broker of the test file). */
export interface DistributedOptions {
  kafkaBrokers?: string;
  /** The broker's SASL/TLS settings, for provisioning the topics. */
  kafkaSecurity?: KafkaSecurity;
  /** Admin URL of the Postgres where the stack's database is created. */
  databaseAdminUrl?: string;
  /** More environment for every service (the KAFKA_SASL_* and KAFKA_TLS_* settings, OTEL_*…). */
  env?: Record<string, string>;
  /** More of the CAIRN_CONFIG file (e.g. `egress` for providers on loopback). */
  config?: Record<string, unknown>;
}

/**
 * The four services as separate processes from dist/ on the harness's Kafka
 * and Postgres (or those of `options`): one test database (a schema per
 * service) and one topic prefix for the file.
 */
export async function startDistributed(workspaces: ScenarioWorkspace[], options: DistributedOptions = {}): Promise<Stack> {
  const db = await createTestDatabase(options.databaseAdminUrl);
  const topicPrefix = testTopicPrefix();
  const kafkaBrokers = options.kafkaBrokers ?? testInfra().kafkaBrokers;
  await provisionTopics(kafkaBrokers, topicPrefix, options.kafkaSecurity);
  const ports = Object.fromEntries(await Promise.all(SERVICE_NAMES.map(async (s) => [s, String(await freePort())]))) as Record<ServiceName, string>;
  // Journeys checks the segments, templates and channels a journey names with the other two, as in production.
  const services = { segments: `http://127.0.0.1:${ports.segments}`, messaging: `http://127.0.0.1:${ports.messaging}` };
  const env = {
    ...options.env,
    KAFKA_BROKERS: kafkaBrokers,
    DATABASE_URL: db.url,
    CAIRN_CONFIG: configFile(workspaces, { ...options.config, topicPrefix, services }),
    LOG_LEVEL: 'warn',
  };
  const started = await Promise.allSettled(
    SERVICE_NAMES.map((service) => spawnService({ service, env: { ...env, PORT: ports[service] }, readyTimeoutMs: 90_000 })),
  );
  const processes = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  const output: string[] = [];
  const stopServices = async () => {
    await Promise.all(processes.map((p: ServiceProcess) => p.stop('SIGTERM')));
    await db.drop();
  };
  const failed = started.find((s) => s.status === 'rejected');
  if (failed) {
    await stopServices();
    throw (failed as PromiseRejectedResult).reason;
  }
  const door = await serveConsole(Object.fromEntries(processes.map((p, i) => [SERVICE_NAMES[i], p.url])) as Record<ServiceName, string>);
  const stop = async () => {
    await door.close();
    await stopServices();
  };
  return {
    mode: 'distributed',
    topicPrefix,
    databaseUrl: db.url,
    url: (service) => processes[SERVICE_NAMES.indexOf(service)].url,
    frontDoor: () => door.url,
    output: () => [...output, ...processes.map((p, i) => `--- ${SERVICE_NAMES[i]}\n${p.output().slice(-3000)}`)].join('\n'),
    stop,
    restart: async (service, signal) => {
      const i = SERVICE_NAMES.indexOf(service);
      const ended = await processes[i].stop(signal);
      output.push(`--- ${service} (ended by ${ended.signal ?? ended.code})\n${processes[i].output().slice(-3000)}`);
      processes[i] = await spawnService({ service, env: { ...env, PORT: ports[service] }, readyTimeoutMs: 90_000 });
    },
  };
}

/**
 * The console's server of the distributed mode (the API by path, and the
 * person in one call), in this process, in front of the four services; its
 * pages are not needed here (no built console).
 */
async function serveConsole(upstreams: Record<ServiceName, string>): Promise<{ url: string; close(): Promise<void> }> {
  const server = consoleServer(upstreams, new ConsoleFiles(mkdtempSync(join(tmpdir(), 'cairn-no-console-'))));
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * `npm start`'s process (dist/services/all-in-one/src/main.js) on a test
 * database and a free port: on its in-process bus, or with `kafka` on the
 * harness's Kafka (KAFKA_BROKERS set, a topic prefix of its own).
 */
export async function startAllInOne(workspaces: ScenarioWorkspace[], options: { kafka?: boolean; database?: TestDatabase } = {}): Promise<Stack> {
  // A database given by the caller outlives this process (a restart on the same data); one of our own is dropped at stop.
  const db: TestDatabase = options.database ?? (await createTestDatabase());
  const port = await freePort();
  let kafkaEnv: Record<string, string> = {};
  let extra: Record<string, unknown> = {};
  let topicPrefix: string | undefined;
  if (options.kafka) {
    topicPrefix = testTopicPrefix();
    await provisionTopics(testInfra().kafkaBrokers, topicPrefix);
    kafkaEnv = { KAFKA_BROKERS: testInfra().kafkaBrokers };
    extra = { topicPrefix };
  }
  const child: ChildProcess = spawn(process.execPath, [join(repoRoot(), 'dist/services/all-in-one/src/main.js')], {
    env: {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      DATABASE_URL: db.url,
      PORT: String(port),
      CAIRN_CONFIG: configFile(workspaces, extra),
      ...kafkaEnv,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d) => (output += String(d)));
  child.stderr!.on('data', (d) => (output += String(d)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
    if (!options.database) await db.drop();
  };
  try {
    await waitFor(
      async () => {
        if (child.exitCode !== null) throw new Error(`all-in-one exited with ${child.exitCode} during start-up: ${output.slice(-2000)}`);
        return (await fetch(`${url}/health/ready`).catch(() => undefined))?.status === 200;
      },
      { timeoutMs: 90_000, intervalMs: 200, what: 'the all-in-one to be ready' },
    );
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    mode: options.kafka ? 'all-in-one on Kafka' : 'all-in-one',
    url: () => url,
    frontDoor: () => url,
    topicPrefix,
    databaseUrl: db.url,
    output: () => output.slice(-6000),
    stop,
  };
}
