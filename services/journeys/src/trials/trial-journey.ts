import { NotFound, ValidationFailed } from '@cairn/core';
import type { JourneyDefinition } from '@cairn/journeys-domain';
import { EntityManager } from 'typeorm';
import { JourneyRepository } from '../definitions/journey.repository';
import { InsightsRepository } from '../insights/insights.repository';
import { parseVersionRef, resolveVersion } from '../insights/journey-version';

/** The journey a trial runs: its draft (as the next version it would be published as), or a published version. */
export interface TrialJourney {
  key: string;
  version: number;
  definition: JourneyDefinition;
}

/**
 * `version` absent: the draft, numbered as the version publishing it would
 * make; a number or `current`: that published version. 404 when the journey
 * or the version does not exist in the workspace; 400 naming `version` for
 * anything else.
 */
export async function trialJourney(m: EntityManager, workspaceId: string, idOrKey: string, version: unknown): Promise<TrialJourney> {
  if (version === undefined || version === null || version === 'draft') {
    const journey = await new JourneyRepository(m).find(workspaceId, idOrKey);
    if (!journey) throw new NotFound('journey', idOrKey);
    return { key: journey.key, version: (journey.currentVersion ?? 0) + 1, definition: journey.draft };
  }
  if (typeof version !== 'string' && typeof version !== 'number') {
    throw new ValidationFailed([{ path: 'version', message: 'must be "draft", "current" or a published version number' }]);
  }
  const resolved = await resolveVersion(new InsightsRepository(m), workspaceId, idOrKey, parseVersionRef(String(version)));
  return { key: resolved.journey.key, version: resolved.version, definition: resolved.definition };
}
