import { CairnConfig, loadConfig, ServiceName } from '@cairn/config';
import { ManualClock } from '@cairn/core';
import { createDataSource, runMigrations } from '@cairn/db';
import type { OutboxRelay } from '@cairn/kafka';
import { createLogger, Logger } from '@cairn/observability';
import { DataSource, MigrationInterface } from 'typeorm';
import { createTestDatabase, TestDatabase, testInfra } from '../infra/isolation';

/** What a service's parts need to open their database. */
export interface PartsDatabase {
  service: ServiceName;
  schema: string;
  migrations: Array<new () => MigrationInterface>;
}

/**
 * The parts a service's use cases are built from, put together by hand on a
 * fresh, migrated database of the real Postgres: no Nest, no bus. The outbox
 * relay only counts its nudges; what a use case publishes is read back from
 * the outbox rows. Each service's `src/testing/<service>-parts.ts` extends it
 * with its own parts, built once each (`once`), and its workspaces.
 */
export abstract class ServiceParts {
  readonly clock: ManualClock;
  readonly logger: Logger;
  nudges = 0;
  readonly outbox = { nudge: () => void this.nudges++ } as unknown as OutboxRelay;
  dataSource!: DataSource;
  config!: CairnConfig;
  private db?: TestDatabase;
  private readonly built = new Map<string, unknown>();

  protected constructor(
    private readonly database: PartsDatabase,
    clockStart: Date | string | number,
  ) {
    this.clock = new ManualClock(clockStart);
    this.logger = createLogger({ level: 'silent', service: database.service });
  }

  /** Creates the test database, migrates the service's schema and loads the service's configuration from it. */
  protected async open(): Promise<void> {
    const { service, schema, migrations } = this.database;
    this.db = await createTestDatabase();
    this.dataSource = await createDataSource({ url: this.db.url, schema, migrations, applicationName: `${service}-parts` });
    await runMigrations(this.dataSource);
    this.config = loadConfig({ service, env: { KAFKA_BROKERS: testInfra().kafkaBrokers, DATABASE_URL: this.db.url, LOG_LEVEL: 'error' } });
  }

  /** Closes the pool and drops the database; a subclass first closes what it built (`built`). */
  async stop(): Promise<void> {
    await this.dataSource?.destroy();
    await this.db?.drop();
  }

  /** The test database, for another service started on it. */
  get databaseUrl(): string {
    return this.db!.url;
  }

  /** The part of this name, built on first use. */
  protected once<T>(name: string, build: () => T): T {
    if (!this.built.has(name)) this.built.set(name, build());
    return this.built.get(name) as T;
  }

  /** The part of this name if it was built. */
  protected builtPart<T>(name: string): T | undefined {
    return this.built.get(name) as T | undefined;
  }
}
