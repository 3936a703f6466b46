import { ParkedKind } from '@cairn/runtime';
import { EntityManager } from 'typeorm';

/**
 * Each user's re-evaluation timer (`segments.timers.due_at`: when an answer
 * can next change with no new event) as the loops that fail a user see it:
 * the failure-ledger kind and item of a user, setting the timer for a retry,
 * and an operator's retry.
 */

/** The failure-ledger kind of re-evaluation timers; the item is `<workspaceId>:<userId>`. */
export const TIMER_KIND = 'timer';

/** The user id of a timer item of the workspace (`<workspaceId>:<userId>`), or undefined for another workspace's. */
export function userOfItem(workspaceId: string, item: string): string | undefined {
  return item.startsWith(`${workspaceId}:`) ? item.slice(workspaceId.length + 1) : undefined;
}

/** Sets a user's re-evaluation timer (due now for a retry, later for a backoff; null: none pending); false when the user has no state. */
export async function armTimer(m: EntityManager, workspaceId: string, userId: string, dueAt: Date | null): Promise<boolean> {
  const rows: unknown[] = await m.query(
    `WITH t AS (
       INSERT INTO segments.timers (workspace_id, user_id, due_at)
       SELECT workspace_id, user_id, $3 FROM segments.user_states WHERE workspace_id = $1 AND user_id = $2
       ON CONFLICT (workspace_id, user_id) DO UPDATE SET due_at = excluded.due_at RETURNING 1)
     SELECT * FROM t`,
    [workspaceId, userId, dueAt],
  );
  return rows.length > 0;
}

/** An operator's retry of a failing or parked re-evaluation: due now (false when the user has no state). */
export const timerParkedKind: ParkedKind = {
  kind: TIMER_KIND,
  release: async (m, { workspaceId, item, now }) => {
    const userId = userOfItem(workspaceId, item);
    return userId !== undefined && armTimer(m, workspaceId, userId, now);
  },
};

