import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from './config.error';
import { loadConfig } from './load-config';
import { DEV_SECRETS_KEY } from './secrets-key';

const dir = mkdtempSync(join(tmpdir(), 'cairn-connectivity-'));
const pem = (name: string) => {
  const path = join(dir, name);
  writeFileSync(path, `-----BEGIN CERTIFICATE-----\n${name}\n-----END CERTIFICATE-----\n`);
  return path;
};
const notPem = join(dir, 'not.pem');
writeFileSync(notPem, 'hello');
const distributed = { KAFKA_BROKERS: 'localhost:9092', DATABASE_URL: 'postgres://localhost/cairn' };
const key32 = Buffer.alloc(32, 7).toString('base64');
const workspaceFile = join(dir, 'cairn.json');
writeFileSync(workspaceFile, JSON.stringify({ workspaces: [{ id: 'shop', writeKeys: ['shop-write-0001'], adminKeys: ['shop-admin-0001'] }] }));

function load(env: Record<string, string>, service: 'events' | 'messaging' = 'events') {
  return loadConfig({ service, env: { ...distributed, ...env } });
}

function failure(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ConfigError) return e;
    throw e;
  }
  throw new Error('expected a ConfigError');
}

describe('Kafka security settings', () => {
  it('is plaintext without SASL or TLS variables', () => {
    expect(load({}).kafka?.security).toEqual({});
  });

  it('reads SCRAM credentials and the TLS files at boot', () => {
    const ca = pem('ca.pem');
    const security = load({
      KAFKA_SASL_MECHANISM: 'SCRAM-SHA-512',
      KAFKA_SASL_USERNAME: 'cairn',
      KAFKA_SASL_PASSWORD: 's3cret',
      KAFKA_TLS: 'true',
      KAFKA_TLS_CA_FILE: ca,
    }).kafka?.security;
    expect(security).toEqual({
      sasl: { mechanism: 'scram-sha-512', username: 'cairn', password: 's3cret' },
      tls: { ca: expect.stringContaining('ca.pem') },
    });
  });

  it('takes a client certificate and key for mutual TLS, and TLS with the system CAs', () => {
    expect(load({ KAFKA_TLS: 'true', KAFKA_TLS_CERT_FILE: pem('c.pem'), KAFKA_TLS_KEY_FILE: pem('k.pem') }).kafka?.security?.tls).toEqual({
      cert: expect.stringContaining('c.pem'),
      key: expect.stringContaining('k.pem'),
    });
    expect(load({ KAFKA_TLS: '1' }).kafka?.security).toEqual({ tls: {} });
  });

  it.each([
    [{ KAFKA_SASL_MECHANISM: 'gssapi', KAFKA_SASL_USERNAME: 'u', KAFKA_SASL_PASSWORD: 'p' }, 'KAFKA_SASL_MECHANISM'],
    [{ KAFKA_SASL_MECHANISM: 'plain', KAFKA_SASL_PASSWORD: 'p' }, 'KAFKA_SASL_USERNAME'],
    [{ KAFKA_SASL_MECHANISM: 'plain', KAFKA_SASL_USERNAME: 'u' }, 'KAFKA_SASL_PASSWORD'],
    [{ KAFKA_SASL_USERNAME: 'u' }, 'KAFKA_SASL_USERNAME'],
    [{ KAFKA_TLS: 'maybe' }, 'KAFKA_TLS'],
    [{ KAFKA_TLS_CA_FILE: '/x' }, 'KAFKA_TLS_CA_FILE'],
    [{ KAFKA_TLS: 'true', KAFKA_TLS_CA_FILE: join(dir, 'missing.pem') }, 'KAFKA_TLS_CA_FILE'],
    [{ KAFKA_TLS: 'true', KAFKA_TLS_CA_FILE: notPem }, 'KAFKA_TLS_CA_FILE'],
    [{ KAFKA_TLS: 'true', KAFKA_TLS_CERT_FILE: pem('only-cert.pem') }, 'KAFKA_TLS_KEY_FILE'],
  ])('names the variable at fault (%#)', (env, field) => {
    expect(failure(() => load(env)).field).toBe(field);
  });
});

describe('database settings', () => {
  it('defaults to a pool of 10 and no statement timeout', () => {
    expect(load({}).database).toEqual({ poolSize: 10, statementTimeoutMs: 0, preparedStatements: true });
  });

  it('takes a pool size, a statement timeout, prepared statements off and a verify-full URL with a readable CA file', () => {
    const ca = pem('pg-ca.pem');
    const url = `postgres://cairn@db.internal:5432/cairn?sslmode=verify-full&sslrootcert=${ca}`;
    const config = load({ DATABASE_URL: url, DATABASE_POOL_SIZE: '20', DATABASE_STATEMENT_TIMEOUT_MS: '30000', DATABASE_PREPARED_STATEMENTS: 'false' });
    expect(config.databaseUrl).toBe(url);
    expect(config.database).toEqual({ poolSize: 20, statementTimeoutMs: 30_000, preparedStatements: false });
  });

  it.each([
    [{ DATABASE_URL: 'postgres://h/db?sslmode=verify-everything' }, 'DATABASE_URL', /sslmode must be one of/],
    [{ DATABASE_URL: `postgres://h/db?sslmode=verify-full&sslrootcert=${join(dir, 'nope.pem')}` }, 'DATABASE_URL', /sslrootcert: cannot read/],
    [{ DATABASE_POOL_SIZE: '1' }, 'DATABASE_POOL_SIZE', /from 2 to 200/],
    [{ DATABASE_STATEMENT_TIMEOUT_MS: '5s' }, 'DATABASE_STATEMENT_TIMEOUT_MS', /integer/],
    [{ DATABASE_PREPARED_STATEMENTS: 'sometimes' }, 'DATABASE_PREPARED_STATEMENTS', /true or false/],
  ])('names the variable at fault (%#)', (env, field, message) => {
    const error = failure(() => load(env));
    expect(error.field).toBe(field);
    expect(error.message).toMatch(message);
  });
});

describe('tracing settings', () => {
  it('is off without an OTLP endpoint', () => {
    expect(load({ OTEL_SERVICE_NAME: 'x' }).tracing).toBeNull();
  });

  it('exports to <endpoint>/v1/traces with the service name and resource attributes', () => {
    const tracing = load({
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/',
      OTEL_RESOURCE_ATTRIBUTES: 'deployment.environment=prod,team=crm%20core',
      OTEL_EXPORTER_OTLP_HEADERS: 'x-api-key=abc',
    }).tracing;
    expect(tracing).toEqual({
      tracesUrl: 'http://collector:4318/v1/traces',
      serviceName: 'cairn-events',
      resourceAttributes: { 'deployment.environment': 'prod', team: 'crm core' },
      headers: { 'x-api-key': 'abc' },
    });
    expect(load({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'https://otlp.example/traces', OTEL_SERVICE_NAME: 'ingest' }).tracing).toMatchObject({
      tracesUrl: 'https://otlp.example/traces',
      serviceName: 'ingest',
    });
  });

  it.each([
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318' }, 'OTEL_EXPORTER_OTLP_ENDPOINT'],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318', OTEL_RESOURCE_ATTRIBUTES: 'novalue' }, 'OTEL_RESOURCE_ATTRIBUTES'],
  ])('names the variable at fault (%#)', (env, field) => {
    expect(failure(() => load(env)).field).toBe(field);
  });
});

describe('secrets key', () => {
  it('uses the derived development key outside production', () => {
    expect(load({}, 'messaging').secrets).toEqual({ keys: [DEV_SECRETS_KEY], devKey: true });
  });

  it('encrypts with the first key listed and decrypts with all of them', () => {
    const other = Buffer.alloc(32, 9).toString('base64');
    const secrets = load({ CAIRN_SECRETS_KEY: `k2:${key32},k1:${other}`, NODE_ENV: 'production', CAIRN_CONFIG: workspaceFile }, 'messaging').secrets;
    expect(secrets.devKey).toBe(false);
    expect(secrets.keys.map((k) => k.id)).toEqual(['k2', 'k1']);
    expect(secrets.keys[0].key).toEqual(Buffer.alloc(32, 7));
  });

  it('is required by messaging in production, not by the services that store no credentials', () => {
    const prod = { NODE_ENV: 'production', CAIRN_CONFIG: workspaceFile };
    expect(failure(() => load(prod, 'messaging')).field).toBe('CAIRN_SECRETS_KEY');
    expect(load(prod, 'events').secrets.devKey).toBe(true);
  });

  it.each([
    [`${key32}`, 'CAIRN_SECRETS_KEY[0]'],
    ['k1:c2hvcnQ=', 'CAIRN_SECRETS_KEY[0]'],
    [`k1:${key32},k1:${key32}`, 'CAIRN_SECRETS_KEY[1]'],
    [`dev:${key32}`, 'CAIRN_SECRETS_KEY[0]'],
  ])('names the key at fault (%#)', (value, field) => {
    expect(failure(() => load({ CAIRN_SECRETS_KEY: value }, 'messaging')).field).toBe(field);
  });
});
