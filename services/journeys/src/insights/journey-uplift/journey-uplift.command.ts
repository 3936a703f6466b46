import { VersionRef } from '../journey-version';

/** `GET /v1/journeys/:id/versions/:version/uplift?confidence=`: holdout vs treatment conversion with the uplift's interval. */
export interface JourneyUpliftCommand {
  workspaceId: string;
  idOrKey: string;
  version: VersionRef;
  /** Two-sided confidence level, 0.5 to 0.999. */
  confidence: number;
}
