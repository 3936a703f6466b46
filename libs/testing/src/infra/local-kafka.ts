import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, openSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { freePort, repoRoot, waitFor } from './util';

export const KAFKA_VERSION = '4.3.1';

export function kafkaCacheDir(cacheRoot: string): string {
  return join(cacheRoot, `kafka-${KAFKA_VERSION}`);
}

/** Fetches the broker's jars with Maven into the cache folder, once (tools/kafka/fetch.sh). */
export function ensureKafkaJars(cacheRoot: string, log: (line: string) => void = () => undefined): string {
  const dir = kafkaCacheDir(cacheRoot);
  const libs = join(dir, 'libs');
  if (existsSync(libs) && readdirSync(libs).some((f) => f.startsWith(`kafka_2.13-${KAFKA_VERSION}`))) return libs;
  log(`fetching Apache Kafka ${KAFKA_VERSION} jars with Maven into ${libs}`);
  try {
    execFileSync('bash', [join(repoRoot(), 'tools/kafka/fetch.sh'), dir], { stdio: ['ignore', 'inherit', 'inherit'] });
  } catch (e) {
    throw new Error(`could not fetch the Kafka jars with Maven (is Java 17+ and Maven installed?): ${(e as Error).message}`);
  }
  return libs;
}

export interface LocalKafka {
  brokers: string;
  pid: number;
  dataDir: string;
  stop(): Promise<void>;
}

function serverProperties(port: number, controllerPort: number, dataDir: string): string {
  return [
    'process.roles=broker,controller',
    'node.id=1',
    `controller.quorum.voters=1@127.0.0.1:${controllerPort}`,
    `listeners=PLAINTEXT://127.0.0.1:${port},CONTROLLER://127.0.0.1:${controllerPort}`,
    `advertised.listeners=PLAINTEXT://127.0.0.1:${port}`,
    'controller.listener.names=CONTROLLER',
    'listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
    'inter.broker.listener.name=PLAINTEXT',
    `log.dirs=${dataDir}/log`,
    'num.partitions=4',
    'auto.create.topics.enable=false',
    'offsets.topic.replication.factor=1',
    'offsets.topic.num.partitions=10',
    'transaction.state.log.replication.factor=1',
    'transaction.state.log.min.isr=1',
    'group.initial.rebalance.delay.ms=0',
    'log.flush.interval.messages=9223372036854775807',
    '',
  ].join('\n');
}

/**
 * Starts a single-node KRaft broker from Apache Kafka's own jars on free
 * loopback ports. Java 17+ must be on the PATH.
 */
export async function startLocalKafka(cacheRoot: string, log: (line: string) => void = () => undefined): Promise<LocalKafka> {
  const libs = ensureKafkaJars(cacheRoot, log);
  const [port, controllerPort] = [await freePort(), await freePort()];
  const dataDir = resolve(cacheRoot, 'brokers', `${port}-${randomUUID().slice(0, 8)}`);
  mkdirSync(dataDir, { recursive: true });
  const properties = join(dataDir, 'server.properties');
  writeFileSync(properties, serverProperties(port, controllerPort, dataDir));
  const classpath = `${libs}/*`;
  const clusterId = execFileSync('java', ['-cp', classpath, 'kafka.tools.StorageTool', 'random-uuid']).toString().trim().split('\n').pop()!;
  execFileSync('java', ['-cp', classpath, 'kafka.tools.StorageTool', 'format', '-t', clusterId, '-c', properties], { stdio: 'ignore' });
  const out = openSync(join(dataDir, 'broker.log'), 'a');
  const child: ChildProcess = spawn(
    'java',
    ['-Xms256m', '-Xmx768m', '-XX:+UseG1GC', `-Dlog4j2.configurationFile=${join(repoRoot(), 'tools/kafka/log4j2.yaml')}`, '-cp', classpath, 'kafka.Kafka', properties],
    { detached: true, stdio: ['ignore', out, out] },
  );
  child.unref();
  const brokers = `127.0.0.1:${port}`;
  log(`starting Kafka ${KAFKA_VERSION} (KRaft) on ${brokers}, logs in ${dataDir}/broker.log`);
  await waitForBroker(brokers, child);
  return {
    brokers,
    pid: child.pid!,
    dataDir,
    stop: async () => {
      try {
        process.kill(-child.pid!, 'SIGTERM');
      } catch {
        /* already gone */
      }
    },
  };
}

async function waitForBroker(brokers: string, child: ChildProcess): Promise<void> {
  let exited = false;
  child.once('exit', () => (exited = true));
  const kafka = new Kafka({ brokers: [brokers], logLevel: logLevel.NOTHING, retry: { retries: 0 } });
  await waitFor(
    async () => {
      if (exited) throw new Error('the Kafka broker exited during start-up; see broker.log');
      const admin = kafka.admin();
      try {
        await admin.connect();
        await admin.describeCluster();
        return true;
      } catch {
        return false;
      } finally {
        await admin.disconnect().catch(() => undefined);
      }
    },
    { timeoutMs: 90_000, intervalMs: 500, what: `Kafka broker on ${brokers}` },
  );
}
