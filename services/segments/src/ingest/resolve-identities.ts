import { EntityManager } from 'typeorm';
import { UserStateRepository, type LockedUser } from '../evaluation/user-state.repository';
import { IdentityLinkRepository } from './identity-link.repository';

const MAX_ATTEMPTS = 5;

/**
 * Resolves ids to their final users and locks those users' rows, correct
 * under any interleaving with a concurrent identity link: once the rows are
 * locked, every link that retired one of them has committed (a link locks the
 * identity it retires), so re-resolving then sees it; if a locked user turns
 * out to be linked away (or its row was removed), the savepoint is rolled back
 * (releasing the locks and any row re-created for it) and the ids resolved again.
 */
export async function lockResolved(
  m: EntityManager,
  workspaceId: string,
  ids: string[],
  now: Date,
): Promise<{ finals: Map<string, string>; locked: Map<string, LockedUser> }> {
  const links = new IdentityLinkRepository(m);
  const users = new UserStateRepository(m);
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const finals = await links.resolveFinal(workspaceId, ids);
    const targets = [...new Set(finals.values())];
    await m.query('SAVEPOINT lock_resolved');
    const locked = await users.lockUsers(workspaceId, targets, now);
    const again = await links.resolveFinal(workspaceId, targets);
    if (targets.every((t) => locked.has(t) && again.get(t) === t)) {
      await m.query('RELEASE SAVEPOINT lock_resolved');
      return { finals, locked };
    }
    await m.query('ROLLBACK TO SAVEPOINT lock_resolved');
  }
  throw new Error(`identities of ${ids.length} ids kept moving after ${MAX_ATTEMPTS} attempts`);
}
