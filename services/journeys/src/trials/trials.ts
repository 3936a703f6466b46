import { ListCouponPoolsController } from '../coupons/list-coupon-pools/list-coupon-pools.controller';
import { ListCouponPoolsUseCase } from '../coupons/list-coupon-pools/list-coupon-pools.usecase';
import { SimulateJourneyUseCase } from './simulate-journey/simulate-journey.usecase';
import { TestSendUseCase } from './test-send/test-send.usecase';
import { TrialsController } from './trials.controller';
import { WorkspaceResources } from './workspace-resources';

/**
 * Trying journeys and keeping them as code (registered by the module):
 * `POST /v1/journeys/:id/simulate`, `POST /v1/journeys/:id/test-send`, and
 * `GET /v1/coupon-pools`, which `cairn plan` and `cairn export` read.
 */
export const JOURNEY_TRIALS = {
  controllers: [TrialsController, ListCouponPoolsController],
  providers: [WorkspaceResources, SimulateJourneyUseCase, TestSendUseCase, ListCouponPoolsUseCase],
};
