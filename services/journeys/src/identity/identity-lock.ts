import { EntityManager } from 'typeorm';
import { IdentityLinkRepository } from './identity-link.repository';

const MAX_ATTEMPTS = 5;

/**
 * Serialises, for the rest of the caller's transaction, everything journeys
 * does to these ids' runs and identity (a consumed batch, a merge, an
 * erasure): transaction advisory locks in journeys' own key space, taken in
 * one statement in key order (so overlapping sets wait rather than deadlock).
 */
export async function lockIds(m: EntityManager, workspaceId: string, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  await m.query(
    `SELECT pg_advisory_xact_lock(hashtext('cairn.journeys'), k) FROM (SELECT DISTINCT hashtext(u) AS k FROM unnest($1::text[]) AS u ORDER BY k) AS keys`,
    [ids.map((id) => `${workspaceId}:${id}`)],
  );
}

/**
 * Resolves ids to their final users and locks those users, correct under any
 * interleaving with a concurrent merge: a merge locks the id it retires, so
 * once the final users are locked every merge that retired one of them has
 * committed, and resolving again sees it; the new final users are then
 * locked too, until the answer holds still.
 */
export async function lockResolved(m: EntityManager, workspaceId: string, ids: string[]): Promise<Map<string, string>> {
  const links = new IdentityLinkRepository(m);
  const locked = new Set<string>();
  let finals = await links.resolveFinal(workspaceId, ids);
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const fresh = [...new Set(finals.values())].filter((id) => !locked.has(id));
    if (fresh.length === 0) return finals;
    await lockIds(m, workspaceId, fresh);
    for (const id of fresh) locked.add(id);
    finals = await links.resolveFinal(workspaceId, ids);
  }
  throw new Error(`identities of ${ids.length} ids kept moving after ${MAX_ATTEMPTS} attempts`);
}
