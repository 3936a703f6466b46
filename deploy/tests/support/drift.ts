// Checks that compose and Kubernetes manifests say what the code declares:
// ports, environment variable names, health paths, topics and consumer groups.
// Each function returns a list of problems (empty when in sync).
import { ENV_NAMES, HEALTH_PATHS, SERVICE_PORTS, SERVICE_TOPICS, type ServiceName } from '../../../libs/config/src/surface';
import { DEFAULT_PARTITIONS, DLQ_PARTITIONS, TOPICS, dlqTopic, type TopicName } from '../../../libs/contracts/src/topics';
import type { K8sObject } from './validators';

const SERVICES = Object.keys(SERVICE_PORTS) as ServiceName[];
const ENV_SET = new Set<string>(ENV_NAMES);

/** Every topic Cairn provisions, with its partition count: the five topics and their dead-letter companions. */
export function expectedTopics(): Map<string, number> {
  const out = new Map<string, number>();
  for (const topic of Object.values(TOPICS)) out.set(topic, DEFAULT_PARTITIONS[topic]);
  for (const topic of Object.values(TOPICS)) out.set(dlqTopic(topic), DLQ_PARTITIONS);
  return out;
}

/** A consumer group cannot use more members than the largest partition count it reads. */
export function maxUsefulReplicas(service: ServiceName): number {
  const consumed = SERVICE_TOPICS[service].consumes as TopicName[];
  return consumed.length === 0 ? Infinity : Math.max(...consumed.map((t) => DEFAULT_PARTITIONS[t]));
}

const find = (objects: K8sObject[], kind: string, name: string): any => objects.find((o) => o.kind === kind && o.metadata?.name === name);

function envNames(container: any, objects: K8sObject[]): string[] {
  const names = (container.env ?? []).map((e: any) => e.name as string);
  for (const from of container.envFrom ?? []) {
    const cm = from.configMapRef && find(objects, 'ConfigMap', from.configMapRef.name);
    if (from.configMapRef && !cm) names.push(`<missing ConfigMap ${from.configMapRef.name}>`);
    if (cm) names.push(...Object.keys(cm.data ?? {}));
    if (from.secretRef) names.push(`<envFrom Secret ${from.secretRef.name}: keys not checkable>`);
  }
  return names;
}

function probeProblems(where: string, container: any, port: number): string[] {
  const out: string[] = [];
  const want: Record<string, string> = { startupProbe: HEALTH_PATHS.live, livenessProbe: HEALTH_PATHS.live, readinessProbe: HEALTH_PATHS.ready };
  const named = new Map((container.ports ?? []).map((p: any) => [p.name, p.containerPort]));
  for (const [probe, path] of Object.entries(want)) {
    const get = container[probe]?.httpGet;
    if (!get) {
      out.push(`${where}: no ${probe}.httpGet`);
      continue;
    }
    if (get.path !== path) out.push(`${where}: ${probe} path ${get.path}, expected ${path}`);
    const probePort = typeof get.port === 'string' ? named.get(get.port) : get.port;
    if (probePort !== port) out.push(`${where}: ${probe} port ${get.port} is not ${port}`);
  }
  return out;
}

/** Drift between rendered Kubernetes objects and the fixed surface. */
export function manifestDrift(objects: K8sObject[]): string[] {
  const out: string[] = [];
  for (const service of SERVICES) {
    const name = `cairn-${service}`;
    const port = SERVICE_PORTS[service];
    const dep = find(objects, 'Deployment', name);
    if (!dep) {
      out.push(`Deployment ${name} missing`);
      continue;
    }
    const container = dep.spec.template.spec.containers[0];
    const http = (container.ports ?? []).find((p: any) => p.name === 'http');
    if (http?.containerPort !== port) out.push(`${name}: containerPort ${http?.containerPort}, expected ${port}`);
    const portEnv = (container.env ?? []).find((e: any) => e.name === 'PORT');
    if (portEnv && portEnv.value !== String(port)) out.push(`${name}: PORT=${portEnv.value}, expected ${port}`);
    const names = envNames(container, objects);
    for (const env of names) if (!ENV_SET.has(env)) out.push(`${name}: env ${env} is not one of ${ENV_NAMES.join(', ')}`);
    for (const required of ['KAFKA_BROKERS', 'DATABASE_URL']) if (!names.includes(required)) out.push(`${name}: env ${required} missing`);
    out.push(...probeProblems(name, container, port));

    const svc = find(objects, 'Service', name);
    const svcPort = svc?.spec.ports.find((p: any) => p.name === 'http');
    if (!svcPort || svcPort.port !== port || (svcPort.targetPort !== 'http' && svcPort.targetPort !== port)) {
      out.push(`Service ${name}: http port ${svcPort?.port}->${svcPort?.targetPort}, expected ${port}->http`);
    }
    const policy = find(objects, 'NetworkPolicy', name);
    const ingressPorts = policy?.spec.ingress?.flatMap((r: any) => (r.ports ?? []).map((p: any) => p.port)) ?? [];
    if (JSON.stringify(ingressPorts) !== JSON.stringify([port])) out.push(`NetworkPolicy ${name}: ingress ports ${ingressPorts}, expected ${port}`);

    const limit = maxUsefulReplicas(service);
    const hpa = find(objects, 'HorizontalPodAutoscaler', name);
    if (hpa && hpa.spec.maxReplicas > limit) out.push(`HPA ${name}: maxReplicas ${hpa.spec.maxReplicas} > ${limit} partitions`);
    const scaled = find(objects, 'ScaledObject', name);
    if (scaled) {
      if (scaled.spec.maxReplicaCount > limit) out.push(`ScaledObject ${name}: maxReplicaCount ${scaled.spec.maxReplicaCount} > ${limit} partitions`);
      const kafka = scaled.spec.triggers.filter((t: any) => t.type === 'kafka');
      const topics = kafka.map((t: any) => t.metadata.topic).sort();
      const consumed = [...SERVICE_TOPICS[service].consumes].sort();
      if (JSON.stringify(topics) !== JSON.stringify(consumed)) out.push(`ScaledObject ${name}: topics ${topics}, expected ${consumed}`);
      for (const t of kafka)
        if (t.metadata.consumerGroup !== name) out.push(`ScaledObject ${name}: consumerGroup ${t.metadata.consumerGroup}, expected ${name}`);
    }
  }
  for (const job of objects.filter((o: any) => o.kind === 'Job' && o.metadata?.labels?.['app.kubernetes.io/component'] === 'migrations')) {
    for (const env of envNames((job as any).spec.template.spec.containers[0], objects)) {
      if (!ENV_SET.has(env)) out.push(`Job ${job.metadata?.name}: env ${env} is not a Cairn variable`);
    }
  }
  for (const monitor of objects.filter((o) => o.kind === 'ServiceMonitor') as any[]) {
    for (const ep of monitor.spec.endpoints) {
      if (ep.path !== HEALTH_PATHS.metrics || ep.port !== 'http')
        out.push(`ServiceMonitor ${monitor.metadata.name}: ${ep.port}${ep.path}, expected http${HEALTH_PATHS.metrics}`);
    }
  }
  const kafkaTopics = objects.filter((o) => o.kind === 'KafkaTopic') as any[];
  if (kafkaTopics.length > 0) {
    const got = new Map(kafkaTopics.map((t) => [t.spec.topicName ?? t.metadata.name, t.spec.partitions]));
    const want = expectedTopics();
    if (JSON.stringify([...got].sort()) !== JSON.stringify([...want].sort())) {
      out.push(`KafkaTopics ${JSON.stringify([...got].sort())}, expected ${JSON.stringify([...want].sort())}`);
    }
  }
  return out;
}

const HEALTH_TEST = (port: number) => `http://127.0.0.1:${port}${HEALTH_PATHS.live}`;

/** Drift between docker-compose.yml (parsed, aliases resolved) and the fixed surface. */
export function composeDrift(compose: any): string[] {
  const out: string[] = [];
  const services = compose.services ?? {};
  for (const service of SERVICES) {
    const port = SERVICE_PORTS[service];
    const s = services[service];
    if (!s) {
      out.push(`compose service ${service} missing`);
      continue;
    }
    if (s.build?.args?.SERVICE !== service) out.push(`${service}: build arg SERVICE=${s.build?.args?.SERVICE}`);
    if (!(s.ports ?? []).map(String).includes(`${port}:${port}`)) out.push(`${service}: ports ${s.ports}, expected ${port}:${port}`);
    const env = s.environment ?? {};
    const names = Array.isArray(env) ? env.map((e: string) => e.split('=')[0]) : Object.keys(env);
    for (const name of names) if (!ENV_SET.has(name)) out.push(`${service}: env ${name} is not one of ${ENV_NAMES.join(', ')}`);
    if (env.PORT !== undefined && String(env.PORT) !== String(port)) out.push(`${service}: PORT=${env.PORT}, expected ${port}`);
    const test = [].concat(s.healthcheck?.test ?? []).join(' ');
    if (!test.includes(HEALTH_TEST(port))) out.push(`${service}: healthcheck does not GET ${HEALTH_TEST(port)}`);
    const migrate = services[`migrate-${service}`];
    if (!migrate) {
      out.push(`compose service migrate-${service} missing`);
      continue;
    }
    if (migrate.image !== s.image || JSON.stringify(migrate.command) !== JSON.stringify(['node', 'main.js', 'migrate'])) {
      out.push(`migrate-${service}: must run "node main.js migrate" in ${s.image}`);
    }
    const deps = s.depends_on ?? {};
    for (const dep of [`migrate-${service}`, 'kafka-topics']) {
      if (deps[dep]?.condition !== 'service_completed_successfully') out.push(`${service}: depends_on ${dep} must be service_completed_successfully`);
    }
  }
  return out;
}
