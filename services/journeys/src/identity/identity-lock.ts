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
 * once a user is locked every merge that retired it has committed, and
 * resolving after the lock sees it; users it resolves to that are not locked
 * yet are locked too, and the ids resolved again, until the answer holds
 * still. The ids themselves are locked first: most were never merged, and for
 * those one lock and one lookup settle it (resolving first took a lookup more).
 */
export async function lockResolved(m: EntityManager, workspaceId: string, ids: string[]): Promise<Map<string, string>> {
  const links = new IdentityLinkRepository(m);
  const locked = new Set<string>();
  let targets = [...new Set(ids)];
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const fresh = targets.filter((id) => !locked.has(id));
    await lockIds(m, workspaceId, fresh);
    for (const id of fresh) locked.add(id);
    const finals = await links.resolveFinal(workspaceId, ids);
    targets = [...new Set(finals.values())];
    if (targets.every((id) => locked.has(id))) return finals;
  }
  throw new Error(`identities of ${ids.length} ids kept moving after ${MAX_ATTEMPTS} attempts`);
}
