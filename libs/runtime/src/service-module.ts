import { CLOCK } from '@cairn/core';
import { DynamicModule, ModuleMetadata, Provider, Type } from '@nestjs/common';
import { KeyGuard } from './auth';
import { CONFIG, CONSUMER_CONTROL, DATA_SOURCE, LOGGER, OUTBOX, Platform, PLATFORM, PRODUCER } from './platform';

/**
 * Builds a service's root module around its own Platform (not global), so
 * several services can share one process in the all-in-one mode.
 */
export function serviceModule(module: Type, platform: Platform, metadata: Pick<ModuleMetadata, 'controllers' | 'providers' | 'imports'>): DynamicModule {
  const platformProviders: Provider[] = [
    { provide: PLATFORM, useValue: platform },
    { provide: CLOCK, useValue: platform.clock },
    { provide: DATA_SOURCE, useValue: platform.dataSource },
    { provide: CONFIG, useValue: platform.config },
    { provide: LOGGER, useValue: platform.logger },
    { provide: OUTBOX, useValue: platform.outbox },
    { provide: PRODUCER, useValue: platform.producer },
    { provide: CONSUMER_CONTROL, useValue: platform.consumer },
    KeyGuard,
  ];
  return {
    module,
    imports: metadata.imports ?? [],
    controllers: metadata.controllers ?? [],
    providers: [...platformProviders, ...(metadata.providers ?? [])],
  };
}
