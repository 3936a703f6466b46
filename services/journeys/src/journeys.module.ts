import { Platform, serviceModule } from '@cairn/runtime';
import { DynamicModule, Module } from '@nestjs/common';
import { CouponPoolsController } from './coupons/coupon-pools.controller';
import { GetCouponPoolUseCase } from './coupons/get-coupon-pool/get-coupon-pool.usecase';
import { SaveCouponPoolUseCase } from './coupons/save-coupon-pool/save-coupon-pool.usecase';
import { HandleOutcomesUseCase } from './consumer/handle-outcomes/handle-outcomes.usecase';
import { HandleCatalogUseCase } from './consumer/handle-catalog/handle-catalog.usecase';
import { HandleEventsUseCase } from './consumer/handle-events/handle-events.usecase';
import { HandleMembershipsUseCase } from './consumer/handle-memberships/handle-memberships.usecase';
import { JourneysConsumer } from './consumer/journeys.consumer';
import { DeleteJourneyUseCase } from './definitions/delete-journey/delete-journey.usecase';
import { GetJourneyUseCase } from './definitions/get-journey/get-journey.usecase';
import { HistoryBranchAudit } from './definitions/history-branch-audit';
import { InstallReadyMadeUseCase } from './definitions/install-ready-made/install-ready-made.usecase';
import { JourneysController } from './definitions/journeys.controller';
import { ListJourneysUseCase } from './definitions/list-journeys/list-journeys.usecase';
import { PublishJourneyUseCase } from './definitions/publish-journey/publish-journey.usecase';
import { SaveJourneyUseCase } from './definitions/save-journey/save-journey.usecase';
import { SetJourneyStatusUseCase } from './definitions/set-journey-status/set-journey-status.usecase';
import { JourneyReferences } from './refs/journey-references';
import { FireDueTimersUseCase } from './runs/fire-due-timers/fire-due-timers.usecase';
import { JourneyStatsController } from './runs/journey-stats.controller';
import { GetJourneyStatsUseCase } from './runs/get-journey-stats/get-journey-stats.usecase';
import { TimerPoller } from './background/timer-poller';
import { FireSchedulesUseCase } from './schedules/fire-schedules/fire-schedules.usecase';
import { ListUserJourneysUseCase } from './runs/list-user-journeys/list-user-journeys.usecase';
import { UsersController } from './runs/users.controller';
import { JOURNEY_INSIGHTS } from './insights/insights';
import { PEOPLE } from './people/people';
import { JOURNEY_TRIALS } from './trials/trials';

@Module({})
export class JourneysModule {
  static register(platform: Platform): DynamicModule {
    return serviceModule(JourneysModule, platform, {
      controllers: [
        JourneysController,
        JourneyStatsController,
        UsersController,
        CouponPoolsController,
        JourneysConsumer,
        ...JOURNEY_INSIGHTS.controllers,
        ...PEOPLE.controllers,
        ...JOURNEY_TRIALS.controllers,
      ],
      providers: [
        JourneyReferences,
        ListJourneysUseCase,
        GetJourneyUseCase,
        SaveJourneyUseCase,
        PublishJourneyUseCase,
        InstallReadyMadeUseCase,
        SetJourneyStatusUseCase,
        DeleteJourneyUseCase,
        HistoryBranchAudit,
        GetJourneyStatsUseCase,
        ListUserJourneysUseCase,
        HandleEventsUseCase,
        HandleMembershipsUseCase,
        HandleCatalogUseCase,
        FireDueTimersUseCase,
        FireSchedulesUseCase,
        TimerPoller,
        SaveCouponPoolUseCase,
        GetCouponPoolUseCase,
        HandleOutcomesUseCase,
        ...JOURNEY_INSIGHTS.providers,
        ...PEOPLE.providers,
        ...JOURNEY_TRIALS.providers,
      ],
    });
  }
}
