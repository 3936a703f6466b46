import { Platform, serviceModule } from '@cairn/runtime';
import { DynamicModule, Module } from '@nestjs/common';

@Module({})
export class EventsModule {
  static register(platform: Platform): DynamicModule {
    return serviceModule(EventsModule, platform, { controllers: [], providers: [] });
  }
}
