import { EntityManager } from 'typeorm';
import { UserStateRepository, type LockedUser } from '../evaluation/user-state.repository';
import { IdentityLinkRepository } from './identity-link.repository';

const MAX_ATTEMPTS = 5;

/**
 * Resolves ids to their final users and locks those users' rows, correct
 * under any interleaving with a concurrent identity link: once the rows are
 * locked, every link that retired one of them has committed (a link locks the
 * identity it retires), so resolving after the lock sees it. The rows of the
 * ids themselves are locked first (most were never linked: one lock and one
 * lookup settle those); if a user they resolve to is not among the locked
 * rows (linked away, or its row was removed), or a locked row is not a final
 * user's, the savepoint is rolled back (releasing the locks and any row
 * created for them) and the users they resolve to are locked instead, until
 * the answer holds still. The savepoint is left in place on success
 * (releasing it only cost a round trip).
 */
export async function lockResolved(
  m: EntityManager,
  workspaceId: string,
  ids: string[],
  now: Date,
): Promise<{ finals: Map<string, string>; locked: Map<string, LockedUser> }> {
  const links = new IdentityLinkRepository(m);
  const users = new UserStateRepository(m);
  let targets = [...new Set(ids)];
  await m.query('SAVEPOINT lock_resolved');
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const locked = await users.lockUsers(workspaceId, targets, now);
    const finals = await links.resolveFinal(workspaceId, ids);
    const resolved = new Set(finals.values());
    // Only final users keep a locked row: locking a retired id created a row for it, which the rollback removes.
    if ([...resolved].every((t) => locked.has(t)) && targets.every((t) => resolved.has(t))) return { finals, locked };
    await m.query('ROLLBACK TO SAVEPOINT lock_resolved');
    targets = [...resolved];
  }
  throw new Error(`identities of ${ids.length} ids kept moving after ${MAX_ATTEMPTS} attempts`);
}
