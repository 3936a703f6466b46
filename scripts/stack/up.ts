import { ConfigError, DEV_WORKSPACE_ID, ENV, loadConfig, readConfigFile, SERVICE_NAMES, SERVICE_PORTS, ServiceName } from '@cairn/config';
import { LocalKafka, repoRoot, SERVICE_NODE_FLAGS, waitFor } from '@cairn/testing';
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, relative } from 'node:path';
import { describeSeed, seedDemo } from '../../services/all-in-one/src/demo';
import { createTopics, ensureDatabase, StackError, startKafka } from './infra';
import { isOurProcess, readStackFile, removeStackFile, stackDir, StackFile, stopProcess, writeStackFile } from './stack-file';

const LOCAL_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/cairn';

const say = (line: string) => process.stdout.write(`${line}\n`);
const step = (line: string) => say(`==> ${line}`);

function entry(service: ServiceName): string {
  const path = join(repoRoot(), 'dist/services', service, 'src/main.js');
  if (!existsSync(path)) throw new StackError(`${relative(repoRoot(), path)} is missing: run "npm run build" first`);
  return path;
}

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, () => server.close(() => resolve(true)));
  });
}

function tail(file: string, lines = 15): string {
  return readFileSync(file, 'utf8')
    .trimEnd()
    .split('\n')
    .slice(-lines)
    .map((l) => `    ${l}`)
    .join('\n');
}

/**
 * The stack's CAIRN_CONFIG file, .stack/cairn.json: the caller's own file (if
 * any) with the `services` object pointing at the local ports, so journeys
 * checks the segments, templates and channels a journey names.
 */
function writeStackConfig(): string {
  const services = { segments: `http://127.0.0.1:${SERVICE_PORTS.segments}`, messaging: `http://127.0.0.1:${SERVICE_PORTS.messaging}` };
  const path = join(stackDir(), 'cairn.json');
  writeFileSync(path, `${JSON.stringify({ ...readConfigFile(), services }, null, 2)}\n`);
  return path;
}

/** `main.js migrate` per service, each in its own schema. */
function migrate(env: string[]): void {
  for (const service of SERVICE_NAMES) {
    try {
      const out = execFileSync('env', [...env, process.execPath, entry(service), 'migrate'], { stdio: ['ignore', 'pipe', 'pipe'] })
        .toString()
        .trim();
      say(`    ${out}`);
    } catch (error) {
      const e = error as { stderr?: Buffer; message: string };
      throw new StackError(`the ${service} migrations failed: ${e.stderr?.toString().trim() || e.message}`);
    }
  }
}

/** Starts one service detached (its own process group) with its log in .stack/<service>.log. */
function spawnService(service: ServiceName, env: string[]): { child: ChildProcess; log: string } {
  const log = join(stackDir(), `${service}.log`);
  const out = openSync(log, 'a');
  // `env` adds the stack's variables to the inherited environment, then runs node in its place (same pid).
  const child = spawn('env', [...env, `PORT=${SERVICE_PORTS[service]}`, process.execPath, ...SERVICE_NODE_FLAGS, entry(service)], {
    detached: true,
    stdio: ['ignore', out, out],
  });
  child.unref();
  return { child, log };
}

async function waitReady(service: ServiceName, child: ChildProcess, log: string): Promise<void> {
  const url = `http://127.0.0.1:${SERVICE_PORTS[service]}/health/ready`;
  try {
    await waitFor(
      async () => {
        if (child.exitCode !== null) throw new StackError(`exited with code ${child.exitCode}`);
        return (await fetch(url).catch(() => undefined))?.status === 200;
      },
      { timeoutMs: 90_000, intervalMs: 300, what: `${service} on ${url}` },
    );
  } catch (error) {
    throw new StackError(`${service} did not become ready (${(error as Error).message}); the end of ${relative(repoRoot(), log)}:\n${tail(log)}`);
  }
}

async function preflight(): Promise<void> {
  const previous = readStackFile();
  if (previous?.services.some((s) => isOurProcess(s.pid, 'main.js'))) {
    throw new StackError('a stack is already running (.stack/stack.json); stop it with "npm run stack:down"');
  }
  for (const service of SERVICE_NAMES) {
    if (!(await portFree(SERVICE_PORTS[service]))) {
      throw new StackError(`port ${SERVICE_PORTS[service]} (${service}) is in use; stop what listens there (or "npm run stack:down") and try again`);
    }
  }
  for (const service of SERVICE_NAMES) entry(service);
}

/** The same demo as npm start, through the services' own APIs; never fails the stack. */
async function seed(adminKey: string | undefined): Promise<void> {
  if (!adminKey) return;
  step('Demo seed (dev workspace)');
  const upstreams = Object.fromEntries(SERVICE_NAMES.map((s) => [s, `http://127.0.0.1:${SERVICE_PORTS[s]}`])) as Record<ServiceName, string>;
  const steps = await seedDemo(upstreams, adminKey).catch((error: Error) => [{ what: 'demo seed', outcome: 'failed' as const, detail: error.message }]);
  const report = describeSeed(steps, 3001).split('\n');
  say(report.slice(1, report.indexOf('')).join('\n'));
}

async function up(): Promise<void> {
  const config = loadConfig({ service: 'all-in-one' });
  await preflight();
  mkdirSync(stackDir(), { recursive: true });
  const file: StackFile = { startedAt: new Date().toISOString(), databaseUrl: config.databaseUrl ?? LOCAL_DATABASE_URL, kafka: { brokers: '' }, services: [] };
  let kafka: LocalKafka | undefined;
  try {
    step(`Postgres: ${file.databaseUrl.replace(/:[^:@/]*@/, ':***@')}`);
    say(`    database ${await ensureDatabase(file.databaseUrl)}`);
    if (config.kafka) {
      file.kafka.brokers = config.kafka.brokers.join(',');
      step(`Kafka: ${file.kafka.brokers} (KAFKA_BROKERS)`);
    } else {
      step('Kafka: starting a local broker from the jars (the first time fetches them with Maven)');
      kafka = await startKafka((line) => say(`    ${line}`));
      file.kafka = { brokers: kafka.brokers, pid: kafka.pid, dataDir: kafka.dataDir };
      writeStackFile(file);
    }
    say(`    ${await createTopics(file.kafka.brokers, kafka ? undefined : config.kafka?.security)} topics in place`);
    const env = [`KAFKA_BROKERS=${file.kafka.brokers}`, `DATABASE_URL=${file.databaseUrl}`, `${ENV.configFile}=${writeStackConfig()}`];
    step('Migrations');
    migrate(env);
    step('Services');
    const started = SERVICE_NAMES.map((service) => ({ service, ...spawnService(service, env) }));
    file.services = started.map(({ service, child, log }) => ({
      name: service,
      pid: child.pid!,
      port: SERVICE_PORTS[service],
      log: relative(repoRoot(), log),
    }));
    writeStackFile(file);
    for (const { service, child, log } of started) {
      await waitReady(service, child, log);
      say(`    ${service.padEnd(9)} http://localhost:${SERVICE_PORTS[service]}  (pid ${child.pid}, log ${relative(repoRoot(), log)})`);
    }
  } catch (error) {
    say('');
    say(`stack:up failed: ${(error as Error).message}`);
    say('stopping what was started...');
    await Promise.all(file.services.map((s) => stopProcess(s.pid, 10_000)));
    if (kafka) await stopProcess(kafka.pid, 10_000);
    removeStackFile();
    process.exitCode = 1;
    return;
  }
  await seed(config.workspaces.find((w) => w.id === DEV_WORKSPACE_ID)?.adminKeys[0]);
  say('');
  say('Cairn is up as four services on Kafka and Postgres (dev workspace: write key dev-write-key, admin key dev-admin-key).');
  say(`  events :3001  segments :3002  journeys :3003  messaging :3004   Kafka ${file.kafka.brokers}`);
  say('  try:  curl -s localhost:3001/health/ready      logs: .stack/*.log      stop: npm run stack:down');
}

up().catch((error) => {
  say(error instanceof StackError || error instanceof ConfigError ? `stack:up: ${error.message}` : `stack:up failed: ${(error as Error).stack}`);
  process.exitCode = 1;
});
