import { ServiceName } from '@cairn/config';
import { defaultPartitions } from '@cairn/contracts';
import { DynamicModule, INestApplication } from '@nestjs/common';
import { MigrationInterface } from 'typeorm';
import { ParkedKind } from './parked-work';
import { Platform } from './platform';

/** What a service tells the runtime about itself. */
export interface ServiceDefinition {
  name: ServiceName;
  /** Its own Postgres schema. */
  schema: string;
  title: string;
  description: string;
  migrations: Array<new () => MigrationInterface>;
  /** The service's root module, given its platform. */
  module(platform: Platform): DynamicModule;
  /** Consumer group (unprefixed) if the service consumes topics with @EventPattern handlers. */
  consumerGroup?: string;
  /**
   * How many partitions' batches the consumer handles at the same time (default 1); handlers must then be safe to run
   * concurrently. `'partitions'`: every partition of `consumes` (by their default counts), so each batch of a fetch
   * is handed over at once. The next fetch waits until every batch of the last one was handled, so with fewer
   * workers than partitions with data a fetch takes several rounds of transactions, one after the other; the busy
   * use cases merge what arrives together (BatchGroup, libs/core), which bounds the transactions and connections.
   */
  consumerConcurrency?: number | 'partitions';
  /** Topics the service publishes to, created at start if missing. */
  produces: string[];
  /** Topics the service consumes, also created at start if missing (so a fresh deployment or test prefix can boot). */
  consumes?: string[];
  /** Largest request body the service accepts (default 100kb). */
  bodyLimit?: string;
  /**
   * The kinds of background work whose failing items the service parks in its failure ledger (besides the
   * outbox, which every service has), with how an operator's retry releases one (`/v1/parked/<service>`).
   */
  parkedKinds?: ParkedKind[];
  /** Extra HTTP set-up (body parsers, middleware) before routes are mounted. */
  configureHttp?(app: INestApplication, platform: Platform): void;
}

/** The consumer's partitions handled at once: `consumerConcurrency`, with `'partitions'` counted from `consumes`. */
export function consumerConcurrencyOf(def: Pick<ServiceDefinition, 'consumerConcurrency' | 'consumes'>): number | undefined {
  if (def.consumerConcurrency !== 'partitions') return def.consumerConcurrency;
  return Math.max(
    1,
    (def.consumes ?? []).reduce((n, topic) => n + defaultPartitions(topic), 0),
  );
}
