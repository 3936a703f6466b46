import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, openSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { createTestCa, IssuedCert } from './certs';
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

export interface KafkaUser {
  username: string;
  password: string;
}

export interface LocalKafkaOptions {
  /**
   * Also serve clients over TLS with a CA and a broker certificate made for this broker: a SASL_SSL
   * listener (PLAIN, SCRAM-SHA-256 and SCRAM-SHA-512 for these users; the SCRAM credentials are
   * created when the storage is formatted) and an SSL listener that requires a client certificate.
   */
  secure?: { users: KafkaUser[] };
}

/** The TLS listeners of a secured local broker and what a client needs to reach them. */
export interface SecureListeners {
  /** host:port of the SASL_SSL listener. */
  saslSsl: string;
  /** host:port of the SSL listener with client certificates required (mutual TLS). */
  mtls: string;
  /** The CA that signed the broker's certificate (PEM file). */
  caFile: string;
  /** A client certificate and key signed by that CA, for the mutual TLS listener. */
  client: IssuedCert;
}

export interface LocalKafka {
  /** host:port of the plaintext listener (the harness's; a secured broker serves clients on `secure`). */
  brokers: string;
  pid: number;
  dataDir: string;
  secure?: SecureListeners;
  stop(): Promise<void>;
}

interface Ports {
  port: number;
  controllerPort: number;
  saslSslPort?: number;
  mtlsPort?: number;
}

function listenerLines(ports: Ports): string[] {
  const { port, controllerPort, saslSslPort, mtlsPort } = ports;
  if (saslSslPort === undefined || mtlsPort === undefined) {
    return [
      `listeners=PLAINTEXT://127.0.0.1:${port},CONTROLLER://127.0.0.1:${controllerPort}`,
      `advertised.listeners=PLAINTEXT://127.0.0.1:${port}`,
      'listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
    ];
  }
  return [
    `listeners=PLAINTEXT://127.0.0.1:${port},SASL_SSL://127.0.0.1:${saslSslPort},SSL://127.0.0.1:${mtlsPort},CONTROLLER://127.0.0.1:${controllerPort}`,
    `advertised.listeners=PLAINTEXT://127.0.0.1:${port},SASL_SSL://127.0.0.1:${saslSslPort},SSL://127.0.0.1:${mtlsPort}`,
    'listener.security.protocol.map=PLAINTEXT:PLAINTEXT,SASL_SSL:SASL_SSL,SSL:SSL,CONTROLLER:PLAINTEXT',
  ];
}

function securityLines(dataDir: string, caFile: string, users: KafkaUser[]): string[] {
  const plainUsers = users.map((u) => `user_${u.username}="${u.password}"`).join(' ');
  return [
    'sasl.enabled.mechanisms=PLAIN,SCRAM-SHA-256,SCRAM-SHA-512',
    `listener.name.sasl_ssl.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required ${plainUsers};`,
    'listener.name.sasl_ssl.scram-sha-256.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;',
    'listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;',
    'ssl.keystore.type=PEM',
    `ssl.keystore.location=${dataDir}/broker-keystore.pem`,
    'ssl.truststore.type=PEM',
    `ssl.truststore.location=${caFile}`,
    'listener.name.ssl.ssl.client.auth=required',
  ];
}

function serverProperties(ports: Ports, dataDir: string, extra: string[]): string {
  return [
    'process.roles=broker,controller',
    'node.id=1',
    `controller.quorum.voters=1@127.0.0.1:${ports.controllerPort}`,
    ...listenerLines(ports),
    'controller.listener.names=CONTROLLER',
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
    ...extra,
    '',
  ].join('\n');
}

/** The CA, the broker's keystore (key and certificate in one PEM file) and a client certificate, in the broker's folder. */
function preparePki(dataDir: string): { caFile: string; client: IssuedCert } {
  mkdirSync(join(dataDir, 'pki'), { recursive: true });
  const ca = createTestCa('Cairn test Kafka CA', join(dataDir, 'pki'));
  const broker = ca.issue('broker');
  writeFileSync(join(dataDir, 'broker-keystore.pem'), readFileSync(broker.keyFile, 'utf8') + readFileSync(broker.certFile, 'utf8'));
  return { caFile: ca.caFile, client: ca.issue('client') };
}

/**
 * Starts a single-node KRaft broker from Apache Kafka's own jars on free
 * loopback ports. Java 17+ must be on the PATH. With `secure`, the broker also
 * serves SASL_SSL and mutual-TLS listeners (see LocalKafkaOptions).
 */
export async function startLocalKafka(cacheRoot: string, log: (line: string) => void = () => undefined, options: LocalKafkaOptions = {}): Promise<LocalKafka> {
  const libs = ensureKafkaJars(cacheRoot, log);
  const ports: Ports = { port: await freePort(), controllerPort: await freePort() };
  if (options.secure) [ports.saslSslPort, ports.mtlsPort] = [await freePort(), await freePort()];
  const dataDir = resolve(cacheRoot, 'brokers', `${ports.port}-${randomUUID().slice(0, 8)}`);
  mkdirSync(dataDir, { recursive: true });
  const pki = options.secure ? preparePki(dataDir) : undefined;
  const properties = join(dataDir, 'server.properties');
  writeFileSync(properties, serverProperties(ports, dataDir, pki ? securityLines(dataDir, pki.caFile, options.secure!.users) : []));
  const classpath = `${libs}/*`;
  const clusterId = execFileSync('java', ['-cp', classpath, 'kafka.tools.StorageTool', 'random-uuid']).toString().trim().split('\n').pop()!;
  // SCRAM credentials live in the cluster metadata: kafka-storage format --add-scram writes them before the first start.
  const scram = (options.secure?.users ?? []).flatMap((u) =>
    ['SCRAM-SHA-256', 'SCRAM-SHA-512'].flatMap((m) => ['--add-scram', `${m}=[name=${u.username},password=${u.password}]`]),
  );
  execFileSync('java', ['-cp', classpath, 'kafka.tools.StorageTool', 'format', '-t', clusterId, '-c', properties, ...scram], { stdio: 'ignore' });
  const out = openSync(join(dataDir, 'broker.log'), 'a');
  const child: ChildProcess = spawn(
    'java',
    [
      '-Xms256m',
      '-Xmx768m',
      '-XX:+UseG1GC',
      `-Dlog4j2.configurationFile=${join(repoRoot(), 'tools/kafka/log4j2.yaml')}`,
      '-cp',
      classpath,
      'kafka.Kafka',
      properties,
    ],
    { detached: true, stdio: ['ignore', out, out] },
  );
  child.unref();
  const brokers = `127.0.0.1:${ports.port}`;
  log(
    `starting Kafka ${KAFKA_VERSION} (KRaft) on ${brokers}${pki ? ` (SASL_SSL on ${ports.saslSslPort}, mutual TLS on ${ports.mtlsPort})` : ''}, logs in ${dataDir}/broker.log`,
  );
  await waitForBroker(brokers, child);
  return {
    brokers,
    pid: child.pid!,
    dataDir,
    secure: pki && { saslSsl: `127.0.0.1:${ports.saslSslPort}`, mtls: `127.0.0.1:${ports.mtlsPort}`, caFile: pki.caFile, client: pki.client },
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
