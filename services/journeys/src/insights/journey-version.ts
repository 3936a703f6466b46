import { NotFound, ValidationFailed } from '@cairn/core';
import { JourneyDefinition } from '@cairn/journeys-domain';
import { InsightsRepository, JourneyHead } from './insights.repository';

/** `:version` of the insight routes: a published version number, or `current`. */
export type VersionRef = number | 'current';

/** Parses `:version`; 400 VALIDATION_FAILED naming `version` for anything else. */
export function parseVersionRef(raw: string): VersionRef {
  if (raw === 'current') return 'current';
  if (/^[1-9][0-9]{0,8}$/.test(raw)) return Number(raw);
  throw new ValidationFailed([{ path: 'version', message: 'must be a published version number (1, 2, …) or "current"' }]);
}

/** The journey and the version number a route names; 404 when either does not exist in the workspace. */
export async function resolveVersion(
  repo: InsightsRepository,
  workspaceId: string,
  idOrKey: string,
  ref: VersionRef,
): Promise<{ journey: JourneyHead; version: number; definition: JourneyDefinition; publishedAt: Date }> {
  const journey = await repo.journey(workspaceId, idOrKey);
  if (!journey) throw new NotFound('journey', idOrKey);
  const version = ref === 'current' ? journey.currentVersion : ref;
  if (version === null) throw new NotFound('published version of journey', journey.key);
  const published = await repo.version(workspaceId, journey.id, version);
  if (!published) throw new NotFound('version of journey', `${journey.key} v${version}`);
  return { journey, version, ...published };
}

export const JOURNEY_ID_PARAM = { name: 'id', description: 'The journey id (uuid) or its key' };
export const VERSION_PARAM = { name: 'version', description: 'A published version number, or `current` (the version new runs start on)' };
