import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, openSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { createTestCa, IssuedCert } from './certs';
import { KafkaProxy, startKafkaProxy } from './kafka-proxy';
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
  /**
   * Also serve clients through a fault-injecting TCP proxy (kafka-proxy.ts): a second plaintext listener whose
   * advertised address is the proxy's, so clients that bootstrap from `proxy.address` stay behind it for every
   * request. Not with `secure`.
   */
  proxied?: boolean;
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
  /** The broker's process id now (a restart changes it); its process group is the JVM's. */
  readonly pid: number;
  dataDir: string;
  secure?: SecureListeners;
  /** The proxy in front of the proxied listener (LocalKafkaOptions.proxied). */
  proxy?: KafkaProxy;
  /** Sends the signal to the broker (SIGKILL: kill -9) and resolves once the process is gone. */
  kill(signal?: NodeJS.Signals): Promise<void>;
  /** Starts the broker again on the same ports and data folder and resolves once it answers. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

export interface Ports {
  port: number;
  controllerPort: number;
  saslSslPort?: number;
  mtlsPort?: number;
  /** A plaintext listener advertised as `proxyPort`, where a proxy to it listens. */
  proxied?: { port: number; proxyPort: number };
}

function listenerLines(ports: Ports): string[] {
  const { port, controllerPort, saslSslPort, mtlsPort, proxied } = ports;
  if (proxied) {
    return [
      `listeners=PLAINTEXT://127.0.0.1:${port},PROXIED://127.0.0.1:${proxied.port},CONTROLLER://127.0.0.1:${controllerPort}`,
      `advertised.listeners=PLAINTEXT://127.0.0.1:${port},PROXIED://127.0.0.1:${proxied.proxyPort}`,
      'listener.security.protocol.map=PLAINTEXT:PLAINTEXT,PROXIED:PLAINTEXT,CONTROLLER:PLAINTEXT',
    ];
  }
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

/** One combined broker and controller of a KRaft cluster: its id, ports, folder and the cluster's settings. */
export interface KafkaNodeSpec {
  nodeId: number;
  ports: Ports;
  dataDir: string;
  /** `controller.quorum.voters`: `<id>@127.0.0.1:<controller port>` of every node. */
  voters: string;
  /** Replication factor of new topics (`default.replication.factor`) and of the offsets and transaction topics. */
  replicationFactor: number;
  /** `min.insync.replicas`, also of the transaction state topic. */
  minInsyncReplicas: number;
  extra?: string[];
}

function serverProperties(spec: KafkaNodeSpec): string {
  const { ports, dataDir, replicationFactor, minInsyncReplicas } = spec;
  return [
    'process.roles=broker,controller',
    `node.id=${spec.nodeId}`,
    `controller.quorum.voters=${spec.voters}`,
    ...listenerLines(ports),
    'controller.listener.names=CONTROLLER',
    'inter.broker.listener.name=PLAINTEXT',
    `log.dirs=${dataDir}/log`,
    'num.partitions=4',
    'auto.create.topics.enable=false',
    `default.replication.factor=${replicationFactor}`,
    `min.insync.replicas=${minInsyncReplicas}`,
    `offsets.topic.replication.factor=${replicationFactor}`,
    'offsets.topic.num.partitions=10',
    `transaction.state.log.replication.factor=${replicationFactor}`,
    `transaction.state.log.min.isr=${minInsyncReplicas}`,
    'group.initial.rebalance.delay.ms=0',
    'log.flush.interval.messages=9223372036854775807',
    ...(spec.extra ?? []),
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

export function randomClusterId(libs: string): string {
  return execFileSync('java', ['-cp', `${libs}/*`, 'kafka.tools.StorageTool', 'random-uuid'])
    .toString()
    .trim()
    .split('\n')
    .pop()!;
}

/**
 * A KRaft node run from the jars: writes its server.properties and formats its storage once, then
 * starts, kills and restarts its JVM on the same ports and data folder. Single brokers and clusters
 * (kafka-cluster.ts) are both made of these.
 */
export class KafkaNode {
  readonly brokers: string;
  readonly properties: string;
  private child?: ChildProcess;
  private exited: Promise<void> = Promise.resolve();

  constructor(
    private readonly libs: string,
    readonly spec: KafkaNodeSpec,
    private readonly heap: { min: string; max: string },
  ) {
    this.brokers = `127.0.0.1:${spec.ports.port}`;
    this.properties = join(spec.dataDir, 'server.properties');
  }

  get id(): number {
    return this.spec.nodeId;
  }

  get dataDir(): string {
    return this.spec.dataDir;
  }

  get pid(): number {
    return this.child?.pid ?? -1;
  }

  get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Writes server.properties and formats the storage (`extraFormatArgs`: e.g. SCRAM credentials). */
  format(clusterId: string, extraFormatArgs: string[] = []): void {
    mkdirSync(this.spec.dataDir, { recursive: true });
    writeFileSync(this.properties, serverProperties(this.spec));
    execFileSync('java', ['-cp', `${this.libs}/*`, 'kafka.tools.StorageTool', 'format', '-t', clusterId, '-c', this.properties, ...extraFormatArgs], {
      stdio: 'ignore',
    });
  }

  /** Starts the JVM (in a process group of its own) without waiting for it to answer. */
  spawn(): void {
    const out = openSync(join(this.spec.dataDir, 'broker.log'), 'a');
    const child = spawn(
      'java',
      [
        `-Xms${this.heap.min}`,
        `-Xmx${this.heap.max}`,
        '-XX:+UseG1GC',
        `-Dlog4j2.configurationFile=${join(repoRoot(), 'tools/kafka/log4j2.yaml')}`,
        '-cp',
        `${this.libs}/*`,
        'kafka.Kafka',
        this.properties,
      ],
      { detached: true, stdio: ['ignore', out, out] },
    );
    child.unref();
    this.child = child;
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
  }

  /** Resolves once this node answers metadata requests and is one of the cluster's live brokers. */
  async ready(timeoutMs = 90_000): Promise<void> {
    const child = this.child;
    let exited = false;
    void this.exited.then(() => (exited = true));
    const kafka = new Kafka({ brokers: [this.brokers], logLevel: logLevel.NOTHING, retry: { retries: 0 } });
    await waitFor(
      async () => {
        if (exited || !child) throw new Error(`the Kafka broker ${this.spec.nodeId} exited during start-up; see broker.log`);
        const admin = kafka.admin();
        try {
          await admin.connect();
          const cluster = await admin.describeCluster();
          return cluster.brokers.some((b) => b.nodeId === this.spec.nodeId);
        } catch {
          return false;
        } finally {
          await admin.disconnect().catch(() => undefined);
        }
      },
      { timeoutMs, intervalMs: 500, what: `Kafka broker ${this.spec.nodeId} on ${this.brokers}` },
    );
  }

  /** Sends the signal to the JVM's process group (SIGKILL: kill -9) and resolves once it is gone. */
  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    if (!this.running) return;
    // The JVM is unref'd so it never keeps the caller alive; while we wait for its exit, it must.
    this.child!.ref();
    try {
      process.kill(-this.pid, signal);
    } catch {
      /* already gone */
    }
    await this.exited;
    this.child!.unref();
  }

  /** Starts the node again on the same ports and data folder and waits until it is a live broker. */
  async restart(): Promise<void> {
    if (this.running) throw new Error(`Kafka node ${this.spec.nodeId} is still running`);
    this.spawn();
    await this.ready();
  }
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
  if (options.proxied && options.secure) throw new Error('a proxied local broker is plaintext only');
  let proxy: KafkaProxy | undefined;
  if (options.proxied) {
    const listener = await freePort();
    proxy = await startKafkaProxy(`127.0.0.1:${listener}`);
    ports.proxied = { port: listener, proxyPort: proxy.port };
  }
  const dataDir = resolve(cacheRoot, 'brokers', `${ports.port}-${randomUUID().slice(0, 8)}`);
  mkdirSync(dataDir, { recursive: true });
  const pki = options.secure ? preparePki(dataDir) : undefined;
  const spec: KafkaNodeSpec = {
    nodeId: 1,
    ports,
    dataDir,
    voters: `1@127.0.0.1:${ports.controllerPort}`,
    replicationFactor: 1,
    minInsyncReplicas: 1,
    extra: pki ? securityLines(dataDir, pki.caFile, options.secure!.users) : [],
  };
  const node = new KafkaNode(libs, spec, { min: '256m', max: '768m' });
  // SCRAM credentials live in the cluster metadata: kafka-storage format --add-scram writes them before the first start.
  const scram = (options.secure?.users ?? []).flatMap((u) =>
    ['SCRAM-SHA-256', 'SCRAM-SHA-512'].flatMap((m) => ['--add-scram', `${m}=[name=${u.username},password=${u.password}]`]),
  );
  node.format(randomClusterId(libs), scram);
  node.spawn();
  log(
    `starting Kafka ${KAFKA_VERSION} (KRaft) on ${node.brokers}${pki ? ` (SASL_SSL on ${ports.saslSslPort}, mutual TLS on ${ports.mtlsPort})` : ''}, logs in ${dataDir}/broker.log`,
  );
  await node.ready();
  return {
    brokers: node.brokers,
    get pid() {
      return node.pid;
    },
    dataDir,
    secure: pki && { saslSsl: `127.0.0.1:${ports.saslSslPort}`, mtls: `127.0.0.1:${ports.mtlsPort}`, caFile: pki.caFile, client: pki.client },
    proxy,
    kill: (signal) => node.kill(signal),
    restart: () => node.restart(),
    stop: async () => {
      await proxy?.close();
      try {
        process.kill(-node.pid, 'SIGTERM');
      } catch {
        /* already gone */
      }
    },
  };
}
