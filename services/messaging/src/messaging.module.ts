import { Platform, serviceModule } from '@cairn/runtime';
import { DynamicModule, Module } from '@nestjs/common';

@Module({})
export class MessagingModule {
  static register(platform: Platform): DynamicModule {
    return serviceModule(MessagingModule, platform, { controllers: [], providers: [] });
  }
}
