import type { BackgroundWorkConfig } from './background-work';
import type { DataRightsConfig } from './data-rights';
import type { DatabaseSettings, KafkaSecurity, SecretsConfig, TracingConfig } from './connectivity.types';
import type { ServiceName } from './surface';
import type { TrustProxy } from './trust-proxy';
import type { WorkspaceSending } from './workspace-sending';

export type RunMode = 'distributed' | 'all-in-one';
export type NodeEnv = 'development' | 'test' | 'production';
export type CompliancePreset = 'none' | 'kr-ad-law';

export interface WorkspaceConfig extends WorkspaceSending {
  id: string;
  name: string;
  writeKeys: string[];
  adminKeys: string[];
  /** IANA time zone used when a user has no `timezone` trait. */
  timezone: string;
  compliance: CompliancePreset;
  /** Sender name and opt-out line for advertising messages (kr-ad-law). */
  senderName: string;
  optOutText: string;
  /** Accepted events per second before ingest answers 429. */
  ingestRatePerSecond: number;
  /**
   * Origins whose pages may send events and read the SDK settings from a browser (CORS), as browsers write
   * them (`https://shop.example.com`), or `*` for any (refused in production). Absent or empty: no browser page.
   */
  allowedOrigins?: string[];
  /** Erasure and retention settings (data-rights.ts); the defaults when absent. */
  dataRights?: DataRightsConfig;
}

export interface KafkaConfig {
  brokers: string[];
  clientId: string;
  /** Prefix for every topic and consumer group; empty in production, unique per test file. */
  topicPrefix: string;
  /** SASL and TLS of every Kafka client (KAFKA_SASL_*, KAFKA_TLS_*); plaintext without. */
  security?: KafkaSecurity;
}

/**
 * Where the other services answer over HTTP (the `services` object of the
 * CAIRN_CONFIG file), e.g. `{ "segments": "http://segments:3002" }`. A service
 * that is not listed is not asked: the checks that need it are off.
 */
export type ServiceUrls = Partial<Record<ServiceName, string>>;

/** What outbound calls to workspace-configured destinations may reach (the `egress` object of the CAIRN_CONFIG file). */
export interface EgressConfig {
  /** Non-public addresses and CIDR ranges the operator opens; a channel may only narrow these. */
  allowPrivate: string[];
}

export interface CairnConfig {
  env: NodeEnv;
  mode: RunMode;
  service: ServiceName | 'all-in-one';
  port: number;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** null: the in-process bus (all-in-one only). */
  kafka: KafkaConfig | null;
  /** null: embedded PGlite (all-in-one only). */
  databaseUrl: string | null;
  /** Pool size and statement timeout of the service's Postgres connections. */
  database: DatabaseSettings;
  /** OpenTelemetry trace export; null (the default) exports nothing. */
  tracing: TracingConfig | null;
  /** Keys that encrypt channel credentials at rest (CAIRN_SECRETS_KEY). */
  secrets: SecretsConfig;
  workspaces: WorkspaceConfig[];
  /** Directory of the embedded Postgres (PGlite) in all-in-one mode; `memory://` keeps nothing. Default `.cairn/data`. */
  dataDir: string;
  /** Base URLs (no trailing slash) of the other services, for cross-service reference checks. */
  services: ServiceUrls;
  /** Retries and parking of background work items that fail on their own. */
  backgroundWork: BackgroundWorkConfig;
  /** Proxies trusted to name the client address (X-Forwarded-For), for per-address limits; default loopback only. */
  trustProxy?: TrustProxy;
  /** Outbound destinations beyond the public internet that the operator opens (none by default). */
  egress: EgressConfig;
  /**
   * The address this process answers on, for links in messages when a workspace names no `publicBaseUrl`
   * (`http://localhost:<port>` outside production; null in production, where a workspace must name its own).
   */
  publicUrl: string | null;
}

export const DEV_WRITE_KEY = 'dev-write-key';
export const DEV_ADMIN_KEY = 'dev-admin-key';
export const DEV_WORKSPACE_ID = 'dev';
