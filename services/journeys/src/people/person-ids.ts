import { EntityManager } from 'typeorm';
import { IdentityLinkRepository } from '../identity/identity-link.repository';

/** The person any of their ids names, as journeys knows them: the id's final user, and that user with every id merged into it. */
export async function personIds(m: EntityManager, workspaceId: string, anyId: string): Promise<{ userId: string; ids: string[] }> {
  const links = new IdentityLinkRepository(m);
  const userId = (await links.resolveFinal(workspaceId, [anyId])).get(anyId) ?? anyId;
  const merged = await links.mergedInto(workspaceId, userId);
  return { userId, ids: [...new Set([userId, anyId, ...merged.map((l) => l.id)])] };
}
