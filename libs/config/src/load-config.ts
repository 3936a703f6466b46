import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from './config.error';
import { CairnConfig, NodeEnv } from './config.types';
import { parseDatabaseSettings, parseDatabaseUrl } from './database';
import { parseKafkaSecurity } from './kafka-security';
import { parseSecretsKeys } from './secrets-key';
import { parseTracing } from './tracing';
import { CONSOLE_PORT, ENV, SERVICE_NAMES, SERVICE_PORTS, ServiceName } from './surface';
import { parseBackgroundWork } from './background-work';
import { parseEgress } from './egress';
import { parseServiceUrls } from './services';
import { parseTrustProxy } from './trust-proxy';
import { checkWorkspaces, devWorkspace, parseWorkspace } from './workspaces';

type Env = Record<string, string | undefined>;
const LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
const ENVS: NodeEnv[] = ['development', 'test', 'production'];

export interface LoadOptions {
  service: ServiceName | 'all-in-one';
  env?: Env;
  /** Values that win over env and file (tests). */
  overrides?: Partial<CairnConfig>;
}

function parseBrokers(raw: string): string[] {
  const brokers = raw
    .split(',')
    .map((b) => b.trim())
    .filter(Boolean);
  if (brokers.length === 0 || brokers.some((b) => !/^[^\s:]+:\d{1,5}$/.test(b))) {
    throw new ConfigError(ENV.kafkaBrokers, 'must be a comma-separated list of host:port');
  }
  return brokers;
}

function parsePort(raw: string | undefined, fallback: number): number {
  if (raw === undefined || raw === '') return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ConfigError(ENV.port, 'must be an integer from 0 to 65535');
  return port;
}

function readFileConfig(path: string | undefined): Record<string, unknown> {
  if (!path) return {};
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new ConfigError(ENV.configFile, `cannot read ${path}: ${(e as Error).message}`);
  }
  try {
    const parsed = JSON.parse(text) as unknown;
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not a JSON object');
    return parsed as Record<string, unknown>;
  } catch (e) {
    throw new ConfigError(ENV.configFile, `${path} is not a JSON object: ${(e as Error).message}`);
  }
}

/**
 * The CAIRN_CONFIG file as written (an empty object without one), for tools
 * that derive a config file from it (the local stack adds `services`).
 */
export function readConfigFile(env: Env = process.env): Record<string, unknown> {
  return readFileConfig(env[ENV.configFile]);
}

/**
 * Builds the one validated configuration from the environment and the
 * CAIRN_CONFIG file. Throws ConfigError naming the field at fault.
 * This is the only place that reads process.env.
 */
export function loadConfig(options: LoadOptions): CairnConfig {
  const env = options.env ?? process.env;
  const nodeEnv = (env[ENV.nodeEnv] || 'development') as NodeEnv;
  if (!ENVS.includes(nodeEnv)) throw new ConfigError(ENV.nodeEnv, `must be one of ${ENVS.join(', ')}`);
  const level = (env[ENV.logLevel] || 'info') as CairnConfig['logLevel'];
  if (!LEVELS.includes(level)) throw new ConfigError(ENV.logLevel, `must be one of ${LEVELS.join(', ')}`);
  const file = readFileConfig(env[ENV.configFile]);
  const rawWorkspaces = file.workspaces;
  if (rawWorkspaces !== undefined && !Array.isArray(rawWorkspaces)) throw new ConfigError('workspaces', 'must be an array');
  const workspaces = rawWorkspaces ? rawWorkspaces.map((w, i) => parseWorkspace(w, i)) : [];
  if (workspaces.length === 0) {
    if (nodeEnv === 'production') throw new ConfigError('workspaces', `production needs at least one workspace in the ${ENV.configFile} file`);
    workspaces.push(devWorkspace());
  }
  checkWorkspaces(workspaces, nodeEnv);
  const service = options.service;
  const mode = service === 'all-in-one' ? 'all-in-one' : 'distributed';
  const brokers = env[ENV.kafkaBrokers];
  const databaseUrl = parseDatabaseUrl(env[ENV.databaseUrl]);
  if (mode === 'distributed' && !brokers) throw new ConfigError(ENV.kafkaBrokers, `is required to run the ${service} service on its own`);
  if (mode === 'distributed' && !databaseUrl) throw new ConfigError(ENV.databaseUrl, `is required to run the ${service} service on its own`);
  const security = parseKafkaSecurity(env);
  const prefix = typeof file.topicPrefix === 'string' ? file.topicPrefix : '';
  const port = parsePort(env[ENV.port], service === 'all-in-one' ? 3000 : SERVICE_PORTS[service]);
  const config: CairnConfig = {
    env: nodeEnv,
    mode,
    service,
    port,
    logLevel: level,
    kafka: brokers ? { brokers: parseBrokers(brokers), clientId: `cairn-${service}`, topicPrefix: prefix, security } : null,
    databaseUrl,
    database: parseDatabaseSettings(env),
    tracing: parseTracing(env, service),
    // Messaging stores channel credentials (the all-in-one hosts messaging).
    secrets: parseSecretsKeys(env[ENV.secretsKey], nodeEnv, service === 'messaging' || service === 'all-in-one'),
    workspaces,
    dataDir: typeof file.dataDir === 'string' ? file.dataDir : join(process.cwd(), '.cairn', 'data'),
    services: parseServiceUrls(file.services),
    backgroundWork: parseBackgroundWork(file.backgroundWork),
    trustProxy: parseTrustProxy(file.trustProxy),
    egress: parseEgress(file.egress),
    publicUrl: nodeEnv === 'production' ? null : `http://localhost:${port}`,
  };
  return { ...config, ...options.overrides };
}

/** The operator console's server in the distributed mode: its port and where each service answers. */
export interface ConsoleServerConfig {
  port: number;
  logLevel: CairnConfig['logLevel'];
  /** Base URL of each service; from the `services` object of the CAIRN_CONFIG file, else `http://cairn-<service>:<port>` (the Kubernetes Services). */
  upstreams: Record<ServiceName, string>;
}

/** PORT, LOG_LEVEL and the CAIRN_CONFIG file's `services`, checked; the console server needs no database, bus or keys. */
export function loadConsoleConfig(options: { env?: Env } = {}): ConsoleServerConfig {
  const env = options.env ?? process.env;
  const level = (env[ENV.logLevel] || 'info') as CairnConfig['logLevel'];
  if (!LEVELS.includes(level)) throw new ConfigError(ENV.logLevel, `must be one of ${LEVELS.join(', ')}`);
  const named = parseServiceUrls(readFileConfig(env[ENV.configFile]).services);
  const upstreams = Object.fromEntries(SERVICE_NAMES.map((s) => [s, named[s] ?? `http://cairn-${s}:${SERVICE_PORTS[s]}`])) as Record<ServiceName, string>;
  return { port: parsePort(env[ENV.port], CONSOLE_PORT), logLevel: level, upstreams };
}
