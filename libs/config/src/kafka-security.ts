import { readFileSync } from 'node:fs';
import { ConfigError } from './config.error';
import type { KafkaSasl, KafkaSaslMechanism, KafkaSecurity, KafkaTls } from './connectivity.types';
import { ENV } from './surface';

type Env = Record<string, string | undefined>;
const MECHANISMS: KafkaSaslMechanism[] = ['plain', 'scram-sha-256', 'scram-sha-512'];

/** Reads a PEM file named by an env variable at boot; a missing or unreadable file or one without PEM content names the variable. */
export function readPemFile(field: string, path: string): string {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new ConfigError(field, `cannot read ${path}: ${(e as Error).message}`);
  }
  if (!/-----BEGIN [A-Z0-9 ]+-----/.test(text)) throw new ConfigError(field, `${path} holds no PEM block (-----BEGIN …-----)`);
  return text;
}

export function parseBoolean(field: string, raw: string | undefined): boolean | undefined {
  if (raw === undefined || raw === '') return undefined;
  const value = raw.trim().toLowerCase();
  if (['true', '1', 'yes'].includes(value)) return true;
  if (['false', '0', 'no'].includes(value)) return false;
  throw new ConfigError(field, 'must be true or false');
}

function parseTls(env: Env): KafkaTls | undefined {
  const on = parseBoolean(ENV.kafkaTls, env[ENV.kafkaTls]);
  const files = { ca: env[ENV.kafkaTlsCaFile], cert: env[ENV.kafkaTlsCertFile], key: env[ENV.kafkaTlsKeyFile] };
  const named = (Object.entries(files) as Array<[keyof KafkaTls, string | undefined]>).filter(([, path]) => path);
  if (!on) {
    if (named.length > 0) {
      const field = { ca: ENV.kafkaTlsCaFile, cert: ENV.kafkaTlsCertFile, key: ENV.kafkaTlsKeyFile }[named[0][0]];
      throw new ConfigError(field, `is set but ${ENV.kafkaTls} is not true; set ${ENV.kafkaTls}=true to connect with TLS`);
    }
    return undefined;
  }
  if (Boolean(files.cert) !== Boolean(files.key)) {
    throw new ConfigError(files.cert ? ENV.kafkaTlsKeyFile : ENV.kafkaTlsCertFile, `mutual TLS needs both ${ENV.kafkaTlsCertFile} and ${ENV.kafkaTlsKeyFile}`);
  }
  const tls: KafkaTls = {};
  if (files.ca) tls.ca = readPemFile(ENV.kafkaTlsCaFile, files.ca);
  if (files.cert) tls.cert = readPemFile(ENV.kafkaTlsCertFile, files.cert);
  if (files.key) tls.key = readPemFile(ENV.kafkaTlsKeyFile, files.key);
  return tls;
}

function parseSasl(env: Env): KafkaSasl | undefined {
  const raw = env[ENV.kafkaSaslMechanism];
  const username = env[ENV.kafkaSaslUsername];
  const password = env[ENV.kafkaSaslPassword];
  if (!raw) {
    const stray = username ? ENV.kafkaSaslUsername : password ? ENV.kafkaSaslPassword : undefined;
    if (stray) throw new ConfigError(stray, `is set but ${ENV.kafkaSaslMechanism} is not (${MECHANISMS.join(', ')})`);
    return undefined;
  }
  const mechanism = raw.trim().toLowerCase() as KafkaSaslMechanism;
  if (!MECHANISMS.includes(mechanism)) throw new ConfigError(ENV.kafkaSaslMechanism, `must be one of ${MECHANISMS.join(', ')}`);
  if (!username) throw new ConfigError(ENV.kafkaSaslUsername, `is required with ${ENV.kafkaSaslMechanism}=${mechanism}`);
  if (!password) throw new ConfigError(ENV.kafkaSaslPassword, `is required with ${ENV.kafkaSaslMechanism}=${mechanism}`);
  return { mechanism, username, password };
}

/**
 * KAFKA_SASL_* and KAFKA_TLS_*: how every Kafka client of the process
 * authenticates and encrypts. Certificate files are read here, at boot.
 */
export function parseKafkaSecurity(env: Env): KafkaSecurity {
  const security: KafkaSecurity = {};
  const tls = parseTls(env);
  const sasl = parseSasl(env);
  if (tls) security.tls = tls;
  if (sasl) security.sasl = sasl;
  return security;
}
