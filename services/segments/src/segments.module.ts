import { Platform, serviceModule } from '@cairn/runtime';
import { DynamicModule, Module } from '@nestjs/common';

@Module({})
export class SegmentsModule {
  static register(platform: Platform): DynamicModule {
    return serviceModule(SegmentsModule, platform, { controllers: [], providers: [] });
  }
}
