import { EntityManager } from 'typeorm';
import { IdentityLinkRepository } from '../ingest/identity-link.repository';

/** A person as segments knows them: their final user id and every id merged into it (anonymous ids, aliases). */
export interface PersonIds {
  userId: string;
  ids: string[];
}

/** The person any of their ids names: the id's final user, and that user with every id merged into it. */
export async function personIds(m: EntityManager, workspaceId: string, anyId: string): Promise<PersonIds> {
  const links = new IdentityLinkRepository(m);
  const userId = (await links.resolveFinal(workspaceId, [anyId])).get(anyId) ?? anyId;
  const merged = await links.mergedInto(workspaceId, userId);
  return { userId, ids: [...new Set([userId, anyId, ...merged])] };
}
