import { stableId } from '@cairn/core';

/**
 * The run id is derived from its unique key, so a redelivered trigger finds the same run. The runs of a person
 * re-created after an erasure (`personSince`) get ids of their own, so their sends' idempotency keys never
 * repeat the erased person's.
 */
export function runId(workspaceId: string, journeyId: string, userId: string, episode: number, personSince?: number): string {
  return personSince === undefined
    ? stableId(workspaceId, journeyId, userId, String(episode))
    : stableId(workspaceId, journeyId, userId, String(episode), `since:${personSince}`);
}
