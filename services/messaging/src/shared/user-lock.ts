import { userPartitionKey } from '@cairn/contracts';
import { EntityManager } from 'typeorm';

/**
 * Serialises everything that decides about one user (send decisions, consent
 * changes) for the rest of the caller's transaction.
 */
export async function lockUser(manager: EntityManager, workspaceId: string, userId: string): Promise<void> {
  await lockUsers(manager, [{ workspaceId, userId }]);
}

/**
 * `lockUser` for several users at once, in one statement. The locks are taken
 * in the order of their lock keys, the same order in every transaction, so two
 * transactions that lock overlapping sets of users cannot deadlock.
 */
export async function lockUsers(manager: EntityManager, users: Array<{ workspaceId: string; userId: string }>): Promise<void> {
  if (users.length === 0) return;
  await manager.query(`SELECT pg_advisory_xact_lock(k) FROM (SELECT DISTINCT hashtext(u) AS k FROM unnest($1::text[]) AS u ORDER BY k) AS keys`, [
    users.map((u) => userPartitionKey(u.workspaceId, u.userId)),
  ]);
}
