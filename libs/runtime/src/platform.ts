import { CairnConfig, ServiceName } from '@cairn/config';
import { Clock } from '@cairn/core';
import { BusAdapter, BusProducer, OutboxRelay } from '@cairn/kafka';
import { Logger } from '@cairn/observability';
import { DataSource } from 'typeorm';

/**
 * What a service's code gets from the runtime: its validated config, its own
 * database (schema), the bus, a producer, its outbox relay, a clock and a
 * logger. Each service module receives its own Platform (not a global), so the
 * all-in-one mode can host the four services side by side.
 */
/** Lets a service stop consuming while something it depends on is down (no-op when it does not consume). */
export interface ConsumerControl {
  pause(): void;
  resume(): void;
  readonly paused: boolean;
}

export interface Platform {
  service: ServiceName;
  schema: string;
  config: CairnConfig;
  dataSource: DataSource;
  bus: BusAdapter;
  producer: BusProducer;
  outbox: OutboxRelay;
  consumer: ConsumerControl;
  clock: Clock;
  logger: Logger;
}

export const PLATFORM = Symbol('CAIRN_PLATFORM');

/**
 * Injection tokens for the parts of the Platform, so a class asks for what it
 * uses (`@Inject(DATA_SOURCE) dataSource: DataSource`) rather than the whole
 * platform; the clock's token is CLOCK from @cairn/core. serviceModule
 * provides every one of them from the service's own Platform.
 */
export const DATA_SOURCE = Symbol('CAIRN_DATA_SOURCE');
export const CONFIG = Symbol('CAIRN_CONFIG');
export const LOGGER = Symbol('CAIRN_LOGGER');
export const OUTBOX = Symbol('CAIRN_OUTBOX');
export const PRODUCER = Symbol('CAIRN_PRODUCER');
export const CONSUMER_CONTROL = Symbol('CAIRN_CONSUMER_CONTROL');
