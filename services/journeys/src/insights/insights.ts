import { JourneyUpliftController } from './journey-uplift/journey-uplift.controller';
import { JourneyUpliftUseCase } from './journey-uplift/journey-uplift.usecase';
import { ListVersionsController } from './list-versions/list-versions.controller';
import { ListVersionsUseCase } from './list-versions/list-versions.usecase';
import { StepCountsController } from './step-counts/step-counts.controller';
import { StepCountsUseCase } from './step-counts/step-counts.usecase';

/** What the operator console reads about journeys: versions, per-step counts, the uplift's interval (registered by the module). */
export const JOURNEY_INSIGHTS = {
  controllers: [ListVersionsController, StepCountsController, JourneyUpliftController],
  providers: [ListVersionsUseCase, StepCountsUseCase, JourneyUpliftUseCase],
};
