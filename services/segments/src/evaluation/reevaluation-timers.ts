import { ParkedKind } from '@cairn/runtime';
import { UserStateRepository } from './user-state.repository';

/**
 * Each user's re-evaluation timer (`segments.timers.due_at`: when an answer
 * can next change with no new event) as the loops that fail a user see it:
 * the failure-ledger kind and item of a user, and an operator's retry (the
 * timer itself is set by UserStateRepository.armTimer).
 */

/** The failure-ledger kind of re-evaluation timers; the item is `<workspaceId>:<userId>`. */
export const TIMER_KIND = 'timer';

/** The user id of a timer item of the workspace (`<workspaceId>:<userId>`), or undefined for another workspace's. */
export function userOfItem(workspaceId: string, item: string): string | undefined {
  return item.startsWith(`${workspaceId}:`) ? item.slice(workspaceId.length + 1) : undefined;
}

/** An operator's retry of a failing or parked re-evaluation: due now (false when the user has no state). */
export const timerParkedKind: ParkedKind = {
  kind: TIMER_KIND,
  release: async (m, { workspaceId, item, now }) => {
    const userId = userOfItem(workspaceId, item);
    return userId !== undefined && new UserStateRepository(m).armTimer(workspaceId, userId, now);
  },
};
