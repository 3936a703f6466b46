import { Platform, serviceModule } from '@cairn/runtime';
import { DynamicModule, Module } from '@nestjs/common';
import { AcceptanceWriter } from './acceptance/acceptance-writer';
import { DedupePruner } from './background/dedupe-pruner';
import { GetSdkSettingsUseCase } from './sdk-settings/get-sdk-settings/get-sdk-settings.usecase';
import { SdkSettingsController } from './sdk-settings/sdk-settings.controller';
import { CatalogController } from './catalog/catalog.controller';
import { IngestCatalogEventsUseCase } from './catalog/ingest-catalog-events/ingest-catalog-events.usecase';
import { BeaconController } from './ingest/beacon.controller';
import { IngestEventsUseCase } from './ingest/ingest-events/ingest-events.usecase';
import { TrackingController } from './ingest/tracking.controller';
import { PEOPLE } from './people/people';
import { IngestRateLimiter } from './rate-limit/ingest-rate-limiter';

@Module({})
export class EventsModule {
  static register(platform: Platform): DynamicModule {
    return serviceModule(EventsModule, platform, {
      controllers: [TrackingController, BeaconController, CatalogController, SdkSettingsController, ...PEOPLE.controllers],
      providers: [
        AcceptanceWriter,
        IngestRateLimiter,
        IngestEventsUseCase,
        IngestCatalogEventsUseCase,
        GetSdkSettingsUseCase,
        DedupePruner,
        ...PEOPLE.providers,
      ],
    });
  }
}
