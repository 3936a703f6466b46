/** SASL mechanisms Cairn's Kafka clients speak (KAFKA_SASL_MECHANISM). */
export type KafkaSaslMechanism = 'plain' | 'scram-sha-256' | 'scram-sha-512';

export interface KafkaSasl {
  mechanism: KafkaSaslMechanism;
  username: string;
  password: string;
}

/** TLS to the brokers; the PEM contents were read from their files at boot. */
export interface KafkaTls {
  /** Trusted CA certificates (KAFKA_TLS_CA_FILE); the system's CAs when absent. */
  ca?: string;
  /** Client certificate and key for mutual TLS (KAFKA_TLS_CERT_FILE, KAFKA_TLS_KEY_FILE). */
  cert?: string;
  key?: string;
}

/** How every Kafka client Cairn creates authenticates and encrypts (absent fields: plaintext, no SASL). */
export interface KafkaSecurity {
  tls?: KafkaTls;
  sasl?: KafkaSasl;
}

/** Connection pool settings of a service's Postgres (DATABASE_URL carries host, credentials and TLS). */
export interface DatabaseSettings {
  /** Most connections one service process opens (DATABASE_POOL_SIZE, default 10). */
  poolSize: number;
  /** Postgres statement_timeout of every connection in milliseconds (DATABASE_STATEMENT_TIMEOUT_MS, default 0 = none). */
  statementTimeoutMs: number;
  /**
   * Recurring statements run as named prepared statements (DATABASE_PREPARED_STATEMENTS, default true). False for a
   * pooler in transaction mode that does not keep them (PgBouncer before 1.21, or without max_prepared_statements).
   */
  preparedStatements: boolean;
}

/** OpenTelemetry trace export over OTLP/HTTP (JSON); null when OTEL_EXPORTER_OTLP_ENDPOINT is unset. */
export interface TracingConfig {
  /** Where spans are POSTed: OTEL_EXPORTER_OTLP_TRACES_ENDPOINT, or OTEL_EXPORTER_OTLP_ENDPOINT + `/v1/traces`. */
  tracesUrl: string;
  /** Extra request headers (OTEL_EXPORTER_OTLP_HEADERS), e.g. a vendor's API key. */
  headers: Record<string, string>;
  /** OTEL_SERVICE_NAME; default `cairn-<service>`. */
  serviceName: string;
  /** OTEL_RESOURCE_ATTRIBUTES as key → value. */
  resourceAttributes: Record<string, string>;
}

/** A key that encrypts channel credentials at rest (AES-256-GCM). */
export interface SecretsKey {
  id: string;
  key: Buffer;
}

/** The keys of CAIRN_SECRETS_KEY: the first encrypts, all of them decrypt. */
export interface SecretsConfig {
  keys: SecretsKey[];
  /** True when no key was configured and the derived development key is used (never in production). */
  devKey: boolean;
}
