import { Platform, serviceModule } from '@cairn/runtime';
import { DynamicModule, Module } from '@nestjs/common';

@Module({})
export class JourneysModule {
  static register(platform: Platform): DynamicModule {
    return serviceModule(JourneysModule, platform, { controllers: [], providers: [] });
  }
}
