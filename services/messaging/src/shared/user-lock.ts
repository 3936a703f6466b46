import { EntityManager } from 'typeorm';

/**
 * Serialises everything that decides about one user (send decisions, consent
 * changes) for the rest of the caller's transaction.
 */
export async function lockUser(manager: EntityManager, workspaceId: string, userId: string): Promise<void> {
  await manager.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`${workspaceId}:${userId}`]);
}
