import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { SERVICE_PORTS } from '../../libs/config/src/surface';
import { DEFAULT_PARTITIONS, TOPICS, dlqTopic } from '../../libs/contracts/src/topics';
import { composeDrift, expectedTopics, manifestDrift } from './support/drift';
import { DEPLOY_DIR, KUSTOMIZATIONS, REPO_DIR, byKind, render } from './support/render';

const SCRIPT = join(DEPLOY_DIR, 'base', 'kafka-topics', 'create-topics.sh');
const compose = () => parse(readFileSync(join(REPO_DIR, 'docker-compose.yml'), 'utf8'));

describe('manifests match the fixed surface', () => {
  it.each(KUSTOMIZATIONS)('%s: ports, env names, probe paths, topics and consumer groups', (dir) => {
    expect(manifestDrift(render(dir))).toEqual([]);
  });

  it('the Strimzi KafkaTopics are exactly the topics and DLQs with their partition counts', () => {
    const topics = byKind(render('tests/fixtures/all-components'), 'KafkaTopic');
    expect(new Map(topics.map((t) => [t.spec.topicName, t.spec.partitions]))).toEqual(expectedTopics());
  });

  it('the topic Job runs the same script that compose mounts', () => {
    for (const dir of KUSTOMIZATIONS) {
      const cm = byKind(render(dir), 'ConfigMap').find((c) => c.metadata.name.startsWith('cairn-kafka-topics'));
      if (!cm) continue; // the Strimzi component replaces the Job
      expect(cm.data['create-topics.sh']).toBe(readFileSync(SCRIPT, 'utf8'));
    }
    expect(compose().services['kafka-topics'].volumes).toContain('./deploy/base/kafka-topics/create-topics.sh:/opt/cairn/create-topics.sh:ro');
  });
});

describe('docker-compose.yml matches the fixed surface', () => {
  it('publishes each service on its port with Cairn env names, health checks and migrations first', () => {
    expect(composeDrift(compose())).toEqual([]);
  });

  it('runs the dev workspace (NODE_ENV=development) against compose Kafka and Postgres', () => {
    for (const service of Object.keys(SERVICE_PORTS)) {
      expect(compose().services[service].environment).toMatchObject({ NODE_ENV: 'development', KAFKA_BROKERS: 'kafka:9092' });
    }
    expect(compose().services.kafka.image).toBe('apache/kafka:4.3.1');
  });
});

describe('create-topics.sh', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'cairn-topics-'));
    // A stand-in for kafka-topics.sh that records its arguments and describes
    // a topic with the partition count it was created with.
    const stub = join(dir, 'kafka-topics.sh');
    writeFileSync(
      stub,
      `#!/bin/sh
echo "$*" >> "$STUB_LOG"
case " $* " in
  *" --describe "*)
    t=$(echo "$*" | sed -n 's/.*--topic \\([^ ]*\\).*/\\1/p')
    p=$(grep -F -- "--topic $t " "$STUB_LOG" | sed -n 's/.*--create.*--partitions \\([0-9]*\\).*/\\1/p' | tail -n 1)
    printf 'Topic: %s\\tTopicId: x\\tPartitionCount: %s\\tReplicationFactor: 3\\n' "$t" "$p" ;;
esac
`,
    );
    chmodSync(stub, 0o755);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('creates every topic and DLQ idempotently with the declared partitions and replication', () => {
    const log = join(dir, 'calls.log');
    writeFileSync(log, '');
    const stdout = execFileSync('sh', [SCRIPT], {
      env: { PATH: process.env.PATH, KAFKA_BIN: dir, STUB_LOG: log, BOOTSTRAP_SERVERS: 'kafka:9092', REPLICATION_FACTOR: '3' },
      encoding: 'utf8',
    });
    const creates = readFileSync(log, 'utf8')
      .split('\n')
      .filter((l) => l.includes('--create'));
    const created = new Map(creates.map((l) => [/--topic (\S+)/.exec(l)![1], Number(/--partitions (\d+)/.exec(l)![1])]));
    expect(created).toEqual(expectedTopics());
    for (const line of creates) {
      expect(line).toContain('--if-not-exists');
      expect(line).toContain('--bootstrap-server kafka:9092');
      expect(line).toContain('--replication-factor 3');
      expect(line).toContain('min.insync.replicas=2');
    }
    expect(created.get(dlqTopic(TOPICS.events))).toBe(1);
    expect(created.get(TOPICS.events)).toBe(DEFAULT_PARTITIONS[TOPICS.events]);
    expect(stdout).not.toContain('WARNING');
    expect(stdout).toContain('kafka-topics: done');
  });

  it('refuses to run without BOOTSTRAP_SERVERS', () => {
    expect(() => execFileSync('sh', [SCRIPT], { env: { PATH: process.env.PATH, KAFKA_BIN: dir }, stdio: 'pipe' })).toThrow(/BOOTSTRAP_SERVERS/);
  });
});
