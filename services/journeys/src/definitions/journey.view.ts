import { JourneyDefinition } from '@cairn/journeys-domain';
import { JourneyRecord, JourneyStatus } from './journey.repository';

export interface JourneyView {
  id: string;
  key: string;
  name: string;
  status: JourneyStatus;
  /** The published version new runs start on; null before the first publish. */
  version: number | null;
  definition: JourneyDefinition;
  createdAt: string;
  updatedAt: string;
}

export function journeyView(r: JourneyRecord): JourneyView {
  return {
    id: r.id,
    key: r.key,
    name: r.name,
    status: r.status,
    version: r.currentVersion,
    definition: r.draft,
    createdAt: new Date(r.createdAt).toISOString(),
    updatedAt: new Date(r.updatedAt).toISOString(),
  };
}
