/**
 * The fixed public surface every deployment relies on: service names, ports,
 * health paths and environment variable names. Compose files, Kubernetes
 * manifests and docs are checked against this file by the drift test.
 */
export const SERVICE_PORTS = {
  events: 3001,
  segments: 3002,
  journeys: 3003,
  messaging: 3004,
} as const;

export type ServiceName = keyof typeof SERVICE_PORTS;

export const SERVICE_NAMES = Object.keys(SERVICE_PORTS) as ServiceName[];

export const ALL_IN_ONE_PORT = 3000;

/** The operator console's own server (distributed mode): the console at `/`, the API at `/v1/…` like the all-in-one. */
export const CONSOLE_PORT = 3000;

export const HEALTH_PATHS = {
  live: '/health/live',
  ready: '/health/ready',
  metrics: '/metrics',
  docs: '/docs',
  docsJson: '/docs-json',
} as const;

/** Every environment variable Cairn reads. Nothing else reads process.env. */
export const ENV = {
  kafkaBrokers: 'KAFKA_BROKERS',
  databaseUrl: 'DATABASE_URL',
  port: 'PORT',
  logLevel: 'LOG_LEVEL',
  configFile: 'CAIRN_CONFIG',
  nodeEnv: 'NODE_ENV',
  kafkaSaslMechanism: 'KAFKA_SASL_MECHANISM',
  kafkaSaslUsername: 'KAFKA_SASL_USERNAME',
  kafkaSaslPassword: 'KAFKA_SASL_PASSWORD',
  kafkaTls: 'KAFKA_TLS',
  kafkaTlsCaFile: 'KAFKA_TLS_CA_FILE',
  kafkaTlsCertFile: 'KAFKA_TLS_CERT_FILE',
  kafkaTlsKeyFile: 'KAFKA_TLS_KEY_FILE',
  databasePoolSize: 'DATABASE_POOL_SIZE',
  databaseStatementTimeoutMs: 'DATABASE_STATEMENT_TIMEOUT_MS',
  databasePreparedStatements: 'DATABASE_PREPARED_STATEMENTS',
  secretsKey: 'CAIRN_SECRETS_KEY',
  otelEndpoint: 'OTEL_EXPORTER_OTLP_ENDPOINT',
  otelTracesEndpoint: 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT',
  otelHeaders: 'OTEL_EXPORTER_OTLP_HEADERS',
  otelServiceName: 'OTEL_SERVICE_NAME',
  otelResourceAttributes: 'OTEL_RESOURCE_ATTRIBUTES',
} as const;

export const ENV_NAMES = Object.values(ENV);

/** Which topics each service consumes and produces (used by docs, manifests and the drift test). */
export const SERVICE_TOPICS: Record<ServiceName, { consumes: string[]; produces: string[] }> = {
  events: { consumes: ['cairn.user-erasures.v1'], produces: ['cairn.events.v1', 'cairn.catalog-events.v1'] },
  segments: {
    consumes: ['cairn.events.v1', 'cairn.user-erasures.v1'],
    produces: ['cairn.segment-membership.v1', 'cairn.identity-links.v1', 'cairn.user-erasures.v1'],
  },
  journeys: {
    consumes: ['cairn.events.v1', 'cairn.catalog-events.v1', 'cairn.segment-membership.v1', 'cairn.message-outcomes.v1', 'cairn.user-erasures.v1'],
    produces: ['cairn.message-requests.v1'],
  },
  messaging: {
    consumes: ['cairn.message-requests.v1', 'cairn.identity-links.v1', 'cairn.user-erasures.v1'],
    produces: ['cairn.message-outcomes.v1'],
  },
};
