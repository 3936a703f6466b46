import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { ensureKafkaJars, KAFKA_VERSION, KafkaNode, Ports, randomClusterId } from './local-kafka';
import { freePort, waitFor } from './util';

export interface KafkaClusterOptions {
  /** Combined broker and controller nodes (default 3). */
  nodes?: number;
  /** Replication factor of new topics and of the offsets and transaction topics (default: the number of nodes). */
  replicationFactor?: number;
  /** `min.insync.replicas` (default: the replication factor − 1, at least 1). */
  minInsyncReplicas?: number;
  log?: (line: string) => void;
}

export interface KafkaCluster {
  /** Every node's plaintext listener, comma-separated, for KAFKA_BROKERS. */
  brokers: string;
  nodes: KafkaNode[];
  node(id: number): KafkaNode;
  /** The node id of the active controller (the KRaft quorum's leader), once there is one. */
  activeController(timeoutMs?: number): Promise<number>;
  /** The node id leading a partition, once it has a live leader. */
  partitionLeader(topic: string, partition: number, timeoutMs?: number): Promise<number>;
  /** Resolves once every partition of the topics has all its replicas in sync again. */
  fullyReplicated(topics: string[], timeoutMs?: number): Promise<void>;
  /** Kills every node and deletes the cluster's folder. */
  stop(): Promise<void>;
}

/** What a node last wrote to its quorum-state file: the leader it knows of, in which epoch. */
function quorumState(node: KafkaNode): { leaderId: number; leaderEpoch: number } | undefined {
  const file = join(node.dataDir, 'log', '__cluster_metadata-0', 'quorum-state');
  if (!existsSync(file)) return undefined;
  try {
    const state = JSON.parse(readFileSync(file, 'utf8')) as { leaderId?: number; leaderEpoch?: number };
    return { leaderId: state.leaderId ?? -1, leaderEpoch: state.leaderEpoch ?? -1 };
  } catch {
    return undefined;
  }
}

/**
 * Starts a KRaft cluster of combined broker and controller nodes from Apache
 * Kafka's jars, each with its own ports and data folder, new topics replicated
 * to every node by default with `min.insync.replicas` one less (3 nodes: RF 3,
 * min ISR 2). Each node can be killed (SIGKILL is kill -9) and restarted on the
 * same ports and folder, to test leader changes and replication.
 */
export async function startKafkaCluster(cacheRoot: string, options: KafkaClusterOptions = {}): Promise<KafkaCluster> {
  const log = options.log ?? (() => undefined);
  const count = options.nodes ?? 3;
  const replicationFactor = options.replicationFactor ?? count;
  const minInsyncReplicas = options.minInsyncReplicas ?? Math.max(1, replicationFactor - 1);
  const libs = ensureKafkaJars(cacheRoot, log);
  const ports: Ports[] = [];
  for (let i = 0; i < count; i++) ports.push({ port: await freePort(), controllerPort: await freePort() });
  const root = resolve(cacheRoot, 'brokers', `cluster-${ports[0].port}-${randomUUID().slice(0, 8)}`);
  const voters = ports.map((p, i) => `${i + 1}@127.0.0.1:${p.controllerPort}`).join(',');
  const nodes = ports.map(
    (p, i) =>
      new KafkaNode(
        libs,
        { nodeId: i + 1, ports: p, dataDir: join(root, `node-${i + 1}`), voters, replicationFactor, minInsyncReplicas },
        { min: '128m', max: '512m' },
      ),
  );
  const clusterId = randomClusterId(libs);
  for (const node of nodes) node.format(clusterId);
  for (const node of nodes) node.spawn();
  const brokers = nodes.map((n) => n.brokers).join(',');
  log(`starting a ${count}-node Kafka ${KAFKA_VERSION} cluster (KRaft) on ${brokers}, logs in ${root}/node-*/broker.log`);
  const cluster: KafkaCluster = {
    brokers,
    nodes,
    node: (id) => {
      const node = nodes.find((n) => n.id === id);
      if (!node) throw new Error(`no Kafka node ${id}`);
      return node;
    },
    activeController: async (timeoutMs = 60_000) =>
      waitFor(
        () => {
          // Every voter writes the leader it follows and the epoch to its quorum-state file; the newest epoch wins.
          const states = nodes.filter((n) => n.running).map(quorumState);
          const newest = states.reduce((a, b) => (b && (!a || b.leaderEpoch > a.leaderEpoch) ? b : a), undefined);
          return newest && newest.leaderId > 0 && cluster.node(newest.leaderId).running ? newest.leaderId : undefined;
        },
        { timeoutMs, intervalMs: 200, what: 'an active controller' },
      ),
    partitionLeader: async (topic, partition, timeoutMs = 60_000) => {
      const admin = clusterAdmin();
      await admin.connect();
      try {
        return await waitFor(
          async () => {
            const meta = await admin.fetchTopicMetadata({ topics: [topic] });
            const leader = meta.topics[0]?.partitions.find((p) => p.partitionId === partition)?.leader ?? -1;
            return leader > 0 && nodes.some((n) => n.id === leader && n.running) ? leader : undefined;
          },
          { timeoutMs, intervalMs: 200, what: `a live leader of ${topic}[${partition}]` },
        );
      } finally {
        await admin.disconnect().catch(() => undefined);
      }
    },
    fullyReplicated: async (topics, timeoutMs = 60_000) => {
      const admin = clusterAdmin();
      await admin.connect();
      try {
        await waitFor(
          async () => {
            const meta = await admin.fetchTopicMetadata({ topics });
            return meta.topics.every((t) => t.partitions.every((p) => p.leader > 0 && p.isr.length === p.replicas.length));
          },
          { timeoutMs, intervalMs: 250, what: `every replica of ${topics.join(', ')} in sync` },
        );
      } finally {
        await admin.disconnect().catch(() => undefined);
      }
    },
    stop: async () => {
      await Promise.all(nodes.map((n) => n.kill('SIGKILL')));
      rmSync(root, { recursive: true, force: true });
    },
  };
  function clusterAdmin() {
    return new Kafka({ brokers: brokers.split(','), logLevel: logLevel.NOTHING, retry: { retries: 3 } }).admin();
  }
  try {
    await Promise.all(nodes.map((n) => n.ready()));
  } catch (error) {
    await Promise.all(nodes.map((n) => n.kill('SIGKILL')));
    throw error;
  }
  return cluster;
}
