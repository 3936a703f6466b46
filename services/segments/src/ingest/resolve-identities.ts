import { EntityManager } from 'typeorm';
import { lockUsers, type LockedUser } from '../evaluation/user-state.store';

/** Longest identity chain followed (anonymous → user1 → user2 is 2). */
export const MAX_CHAIN = 16;
const MAX_ATTEMPTS = 5;

/**
 * Each id's final user, following identity links (anonymous → user1 → user2
 * gives user2); an unlinked id is its own. A chain stops before repeating an
 * id, so a cycle can never loop.
 */
export async function resolveFinal(m: EntityManager, workspaceId: string, ids: string[]): Promise<Map<string, string>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows: Array<{ start: string; id: string }> = await m.query(
    `WITH RECURSIVE chain (start, id, depth, path) AS (
       SELECT s, s, 0, ARRAY[s] FROM unnest($2::text[]) AS s
       UNION ALL
       SELECT c.start, l.user_id, c.depth + 1, c.path || l.user_id
       FROM chain c JOIN segments.identity_links l ON l.workspace_id = $1 AND l.anonymous_id = c.id
       WHERE l.user_id <> ALL (c.path) AND c.depth < $3
     )
     SELECT DISTINCT ON (start) start, id FROM chain ORDER BY start, depth DESC`,
    [workspaceId, unique, MAX_CHAIN],
  );
  return new Map(rows.map((r) => [r.start, r.id]));
}

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
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const finals = await resolveFinal(m, workspaceId, ids);
    const targets = [...new Set(finals.values())];
    await m.query('SAVEPOINT lock_resolved');
    const locked = await lockUsers(m, workspaceId, targets, now);
    const again = await resolveFinal(m, workspaceId, targets);
    if (targets.every((t) => locked.has(t) && again.get(t) === t)) {
      await m.query('RELEASE SAVEPOINT lock_resolved');
      return { finals, locked };
    }
    await m.query('ROLLBACK TO SAVEPOINT lock_resolved');
  }
  throw new Error(`identities of ${ids.length} ids kept moving after ${MAX_ATTEMPTS} attempts`);
}
