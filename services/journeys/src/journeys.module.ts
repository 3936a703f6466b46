import { Platform, serviceModule } from '@cairn/runtime';
import { DynamicModule, Module } from '@nestjs/common';
import { CouponPoolsController } from './coupons/coupon-pools.controller';
import { SaveCouponPoolUseCase } from './coupons/save-coupon-pool/save-coupon-pool.usecase';
import { HandleOutcomesUseCase } from './consumer/handle-outcomes/handle-outcomes.usecase';
import { HandleCatalogUseCase } from './consumer/handle-catalog/handle-catalog.usecase';
import { HandleEventsUseCase } from './consumer/handle-events/handle-events.usecase';
import { HandleMembershipsUseCase } from './consumer/handle-memberships/handle-memberships.usecase';
import { JourneysConsumerController } from './consumer/journeys-consumer.controller';
import { DeleteJourneyUseCase } from './definitions/delete-journey/delete-journey.usecase';
import { HistoryBranchAudit } from './definitions/history-branch-audit';
import { InstallReadyMadeUseCase } from './definitions/install-ready-made/install-ready-made.usecase';
import { JourneysController } from './definitions/journeys.controller';
import { PublishJourneyUseCase } from './definitions/publish-journey/publish-journey.usecase';
import { SaveJourneyUseCase } from './definitions/save-journey/save-journey.usecase';
import { SetJourneyStatusUseCase } from './definitions/set-journey-status/set-journey-status.usecase';
import { JourneyReferences } from './refs/journey-references';
import { FireDueTimersUseCase } from './runs/fire-due-timers/fire-due-timers.usecase';
import { JourneyStatsController } from './runs/journey-stats/journey-stats.controller';
import { JourneyStatsUseCase } from './runs/journey-stats/journey-stats.usecase';
import { TimerPoller } from './background/timer-poller';
import { FireSchedulesUseCase } from './schedules/fire-schedules/fire-schedules.usecase';
import { UserJourneysUseCase } from './runs/user-journeys/user-journeys.usecase';
import { UsersController } from './runs/users.controller';
import { JOURNEY_INSIGHTS } from './insights/insights';

@Module({})
export class JourneysModule {
  static register(platform: Platform): DynamicModule {
    return serviceModule(JourneysModule, platform, {
      controllers: [JourneysController, JourneyStatsController, UsersController, CouponPoolsController, JourneysConsumerController, ...JOURNEY_INSIGHTS.controllers],
      providers: [
        JourneyReferences,
        SaveJourneyUseCase,
        PublishJourneyUseCase,
        InstallReadyMadeUseCase,
        SetJourneyStatusUseCase,
        DeleteJourneyUseCase,
        HistoryBranchAudit,
        JourneyStatsUseCase,
        UserJourneysUseCase,
        HandleEventsUseCase,
        HandleMembershipsUseCase,
        HandleCatalogUseCase,
        FireDueTimersUseCase,
        FireSchedulesUseCase,
        TimerPoller,
        SaveCouponPoolUseCase,
        HandleOutcomesUseCase,
        ...JOURNEY_INSIGHTS.providers,
      ],
    });
  }
}
