import { stableId } from '@cairn/core';

/** The run id is derived from its unique key, so a redelivered trigger finds the same run. */
export function runId(workspaceId: string, journeyId: string, userId: string, episode: number): string {
  return stableId(workspaceId, journeyId, userId, String(episode));
}
