import { Platform, serviceModule } from '@cairn/runtime';
import { DynamicModule, Module } from '@nestjs/common';
import { QueryAudienceUseCase } from './audiences/query-audience/query-audience.usecase';
import { BackfillSegmentUseCase } from './backfill/backfill-segment/backfill-segment.usecase';
import { SegmentCatalog } from './evaluation/segment-catalog';
import { AudiencesController } from './audiences/audiences.controller';
import { SegmentsController } from './segments/segments.controller';
import { UsersController } from './segments/users.controller';
import { EventsConsumer } from './ingest/events.consumer';
import { IngestEventsUseCase } from './ingest/ingest-events/ingest-events.usecase';
import { CreateSegmentUseCase } from './segments/create-segment/create-segment.usecase';
import { DeleteSegmentUseCase } from './segments/delete-segment/delete-segment.usecase';
import { GetSegmentUseCase } from './segments/get-segment/get-segment.usecase';
import { InstallLifecycleUseCase } from './segments/install-lifecycle/install-lifecycle.usecase';
import { GetUserSegmentsUseCase } from './segments/get-user-segments/get-user-segments.usecase';
import { ListMembersUseCase } from './segments/list-members/list-members.usecase';
import { ListSegmentsUseCase } from './segments/list-segments/list-segments.usecase';
import { PreviewSegmentUseCase } from './segments/preview-segment/preview-segment.usecase';
import { UpdateSegmentUseCase } from './segments/update-segment/update-segment.usecase';
import { ProcessDueTimersUseCase } from './timers/process-due-timers/process-due-timers.usecase';
import { SegmentPoller } from './background/segment-poller';
import { OPERATOR_CONSOLE } from './operator-console';
import { PEOPLE } from './people/people';

@Module({})
export class SegmentsModule {
  static register(platform: Platform): DynamicModule {
    return serviceModule(SegmentsModule, platform, {
      controllers: [SegmentsController, UsersController, AudiencesController, EventsConsumer, ...OPERATOR_CONSOLE.controllers, ...PEOPLE.controllers],
      providers: [
        SegmentCatalog,
        CreateSegmentUseCase,
        UpdateSegmentUseCase,
        DeleteSegmentUseCase,
        ListSegmentsUseCase,
        GetSegmentUseCase,
        ListMembersUseCase,
        PreviewSegmentUseCase,
        GetUserSegmentsUseCase,
        InstallLifecycleUseCase,
        IngestEventsUseCase,
        ProcessDueTimersUseCase,
        BackfillSegmentUseCase,
        SegmentPoller,
        QueryAudienceUseCase,
        ...OPERATOR_CONSOLE.providers,
        ...PEOPLE.providers,
      ],
    });
  }
}
