import { JourneyRun } from '../domain';

/** A run as stored: the engine's run plus where it lives and its revision. */
export interface StoredRun {
  workspaceId: string;
  journeyId: string;
  revision: number;
  run: JourneyRun;
}

export interface UserFacts {
  traits: Record<string, unknown>;
  segments: string[];
}
