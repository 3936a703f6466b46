import { CairnConfig, DEFAULT_TRUST_PROXY } from '@cairn/config';
import { defaultPartitions } from '@cairn/contracts';
import { Clock, SystemClock } from '@cairn/core';
import { createDataSource, pingDatabase, runMigrations } from '@cairn/db';
import { BatchTransport, BusAdapter, BusProducer, InProcessBus, KafkaJsAdapter, OutboxRelay } from '@cairn/kafka';
import { createLogger, Logger } from '@cairn/observability';
import { DynamicModule, INestApplication, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { json } from 'express';
import { rejectUnsafeBody } from './body-shape';
import { bodyErrorHandler } from './body-errors';
import { DataSource } from 'typeorm';
import { ErrorsFilter } from './errors.filter';
import { BusConnection } from './bus-connection';
import { Health, HEALTH, HealthController } from './health.controller';
import { Housekeeping } from './housekeeping';
import { httpMetricsMiddleware } from './http-metrics';
import { PinoNestLogger } from './logger.adapter';
import { KeyGuard } from './auth';
import { rejectUnsafePath, SafeParametersPipe, securityHeaders } from './parameters';
import { erasureStatusController } from './erasure-status';
import { outboxParkedKind, PARKED_KINDS, parkedWorkController } from './parked-work';
import { Platform, PLATFORM } from './platform';
import { consumerConcurrencyOf, ServiceDefinition } from './service-definition';
import { validationPipe } from './validation';

export interface StartOptions {
  clock?: Clock;
  /** A bus shared with other services in this process (all-in-one). */
  bus?: BusAdapter;
  /** Bind address; all interfaces by default (containers), loopback in tests. */
  host?: string;
}

export interface RunningService {
  app: INestApplication;
  platform: Platform;
  url: string;
  /** The service's own upkeep (pruning its processed-message keys), also callable at once. */
  housekeeping: Housekeeping;
  /** Graceful shutdown: not ready, drain the consumer, close HTTP, flush the outbox, disconnect Kafka, then the database. */
  stop(): Promise<void>;
}

@Module({})
class ServiceRootModule {}

function rootModule(def: ServiceDefinition, platform: Platform, health: Health): DynamicModule {
  return {
    module: ServiceRootModule,
    imports: [def.module(platform)],
    controllers: [HealthController, parkedWorkController(def.name), erasureStatusController(def.name)],
    providers: [
      { provide: HEALTH, useValue: health },
      { provide: PLATFORM, useValue: platform },
      { provide: PARKED_KINDS, useValue: [outboxParkedKind(def.schema), ...(def.parkedKinds ?? [])] },
      KeyGuard,
    ],
  };
}

/**
 * Most bytes one of a service's fetches returns (the adapter's default is 4 MiB). Under lag a fetch is full, and
 * it stays in memory, decoded and parsed, until every batch of it was handled: with 2 MiB segments peaked at
 * 252–262 MiB in the bench's e2e phase (four runs) against 264–267 with 4 MiB (two runs, same evening), at the
 * same held rate and CPU per event. A batch group's runs are bounded too (MAX_RUN_ITEMS, libs/core).
 */
const SERVICE_FETCH_BYTES = 2_097_152;

function createBus(config: CairnConfig, shared?: BusAdapter): BusAdapter {
  if (shared) return shared;
  if (!config.kafka) return new InProcessBus();
  const { brokers, clientId, security } = config.kafka;
  return new KafkaJsAdapter({ brokers, clientId, security, maxBytes: SERVICE_FETCH_BYTES });
}

async function ensureServiceTopics(def: ServiceDefinition, config: CairnConfig, bus: BusAdapter, logger: Logger): Promise<void> {
  const prefix = config.kafka?.topicPrefix ?? '';
  try {
    // A topic a service both produces and consumes (segments' erasure requests) is named once: Kafka refuses a repeat.
    const topics = [...new Set([...def.produces, ...(def.consumes ?? [])])];
    await bus.ensureTopics(topics.map((t) => ({ topic: prefix + t, partitions: defaultPartitions(t) })));
  } catch (error) {
    logger.warn({ err: (error as Error).message }, 'could not create topics; expecting them to be provisioned');
  }
}

async function prepareDatabase(def: ServiceDefinition, config: CairnConfig, logger: Logger): Promise<DataSource> {
  const dataSource = await createDataSource({
    url: config.databaseUrl,
    schema: def.schema,
    migrations: def.migrations,
    applicationName: `cairn-${def.name}`,
    dataDir: config.dataDir,
    poolSize: config.database.poolSize,
    statementTimeoutMs: config.database.statementTimeoutMs,
    preparedStatements: config.database.preparedStatements,
  });
  const pending = await dataSource.showMigrations();
  if (pending && config.env === 'production') {
    await dataSource.destroy();
    throw new Error(`the ${def.schema} schema has pending migrations; run "main.js migrate" (the migrations job) first`);
  }
  if (pending) logger.info({ applied: await runMigrations(dataSource) }, 'migrations applied');
  return dataSource;
}

function documentApi(app: INestApplication, def: ServiceDefinition): void {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle(def.title)
      .setDescription(def.description)
      .setVersion('1')
      .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'Admin key (management) or write key (ingest)' })
      .addBasicAuth({ type: 'http', scheme: 'basic', description: 'Write key as the user name (Segment SDKs)' })
      .build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
}

/**
 * What every service's HTTP does before its body parser and routes: no
 * `X-Powered-By`, `X-Content-Type-Options: nosniff` on every answer, the
 * client address from the trusted proxies only (per-address limits), request
 * metrics, and a path that is not valid UTF-8 or holds a NUL answers 400.
 */
function hardenHttp(app: INestApplication, config: CairnConfig): void {
  const express = app.getHttpAdapter().getInstance() as { disable(name: string): void; set(name: string, value: unknown): void };
  express.disable('x-powered-by');
  express.set('trust proxy', config.trustProxy ?? DEFAULT_TRUST_PROXY);
  app.use(securityHeaders, httpMetricsMiddleware, rejectUnsafePath);
}

/** Boots one service: its database, the bus, HTTP API, docs, health, metrics and consumer. */
export async function startService(def: ServiceDefinition, config: CairnConfig, options: StartOptions = {}): Promise<RunningService> {
  const logger = createLogger({ level: config.logLevel, service: def.name });
  const bus = createBus(config, options.bus);
  const connection = options.bus ? undefined : new BusConnection(bus, logger);
  const dataSource = await prepareDatabase(def, config, logger);
  const prefix = config.kafka?.topicPrefix ?? '';
  // On a shared in-process bus (all-in-one) nothing survives the process: rows left at stop stay in the outbox.
  const drainOnStop = !(options.bus && bus.kind === 'in-process');
  const outbox = new OutboxRelay({ dataSource, schema: def.schema, bus, logger, topicPrefix: prefix, drainOnStop });
  const transport = def.consumerGroup
    ? new BatchTransport({ bus, groupId: def.consumerGroup, topicPrefix: prefix, logger, partitionsConcurrently: consumerConcurrencyOf(def) })
    : undefined;
  const platform: Platform = {
    service: def.name,
    schema: def.schema,
    config,
    dataSource,
    bus,
    producer: new BusProducer(bus, prefix),
    outbox,
    consumer: {
      pause: () => transport?.pause(),
      resume: () => transport?.resume(),
      get paused() {
        return transport?.paused ?? false;
      },
    },
    clock: options.clock ?? new SystemClock(),
    logger,
  };
  const health = new Health(
    [
      { name: 'database', check: () => pingDatabase(dataSource) },
      ...(connection && bus.kind === 'kafka' ? [{ name: 'kafka', check: () => connection.connected }] : []),
      ...(transport ? [{ name: 'consumer', check: () => transport.joined }] : []),
    ],
    transport ? () => transport.paused : undefined,
  );
  const app = await NestFactory.create(rootModule(def, platform, health), {
    bodyParser: false,
    logger: new PinoNestLogger(logger),
    forceCloseConnections: true,
  });
  hardenHttp(app, config);
  if (def.configureHttp) def.configureHttp(app, platform);
  else app.use(json({ limit: def.bodyLimit ?? '100kb' }), bodyErrorHandler(def.bodyLimit ?? '100kb'), rejectUnsafeBody);
  app.useGlobalPipes(new SafeParametersPipe(), validationPipe());
  app.useGlobalFilters(new ErrorsFilter((error) => logger.error({ err: error instanceof Error ? error.stack : String(error) }, 'request failed')));
  documentApi(app, def);
  if (transport) app.connectMicroservice({ strategy: transport }, { inheritAppConfig: true });
  // The app is up (lifecycle hooks ran: pollers of rows in the database start) and the outbox publishes before the
  // consumer joins its group, which after a crash can take the killed member's session timeout; readiness waits for it.
  await app.init();
  const housekeeping = new Housekeeping(platform);
  housekeeping.start();
  await app.listen(config.port, options.host ?? '0.0.0.0');
  const onBus = async () => {
    await ensureServiceTopics(def, config, bus, logger);
    outbox.start();
    if (transport) await app.startAllMicroservices();
  };
  if (!connection || (await connection.attempt())) {
    await onBus().catch(async (error: unknown) => {
      await app.close();
      await outbox.stop();
      throw error;
    });
  } else {
    // Kafka refused or is away: serve (not ready) and keep trying; see BusConnection.
    void connection
      .untilConnected()
      .then((connected) => (connected ? onBus() : undefined))
      .catch((error: unknown) => {
        logger.fatal({ err: (error as Error).message }, 'the Kafka consumer could not start; exiting');
        process.exit(70);
      });
  }
  const address = app.getHttpServer().address() as { port: number };
  const url = `http://127.0.0.1:${address.port}`;
  logger.info({ url, mode: config.mode, kafka: bus.kind }, `${def.name} service started`);
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      health.shuttingDown = true;
      connection?.stop();
      await housekeeping.stop();
      await transport?.close();
      await app.close();
      await outbox.stop();
      if (!options.bus) await bus.disconnect();
      await dataSource.destroy();
      logger.info(`${def.name} service stopped`);
    })());
  return { app, platform, url, housekeeping, stop };
}
