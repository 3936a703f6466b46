import { VersionRef } from '../journey-version';

/** `GET /v1/journeys/:id/versions/:version/steps`: how many runs reached, wait in and left each step of one version. */
export interface StepCountsCommand {
  workspaceId: string;
  idOrKey: string;
  version: VersionRef;
}
