import {
  identityLinkKey,
  identityLinksIn,
  membershipKey,
  TOPICS,
  type BehaviourEvent,
  type IdentityLink as IdentityLinkMessage,
  type MembershipChange,
} from '@cairn/contracts';
import { addToOutbox } from '@cairn/kafka';
import { EntityManager } from 'typeorm';
import { ItemOccurrenceRepository } from '../audiences/item-occurrence.repository';
import { applyTraits } from '@cairn/segments-domain';
import { mergeStates } from '../evaluation/merge-states';
import { reevaluateAndRecord } from '../evaluation/reevaluate';
import { SegmentCatalog } from '../evaluation/segment-catalog';
import { UserStateRepository, type LockedUser } from '../evaluation/user-state.repository';
import { IdentityLinkRepository } from './identity-link.repository';

export interface IdentityLink {
  anonymousId: string;
  userId: string;
  /** The linking identify's traits, so the changes the merge publishes already carry them. */
  traits?: Record<string, unknown>;
  /** The event that carried the link. */
  messageId?: string;
  /** An anonymous id (the default) or an alias's previous id. */
  kind?: 'anonymous' | 'alias';
}

const MAX_ATTEMPTS = 5;

/** The identity links a batch carries (the rule every consumer shares, `identityLinksIn`), with the linking identify's traits. */
export function linksIn(events: readonly BehaviourEvent[]): IdentityLink[] {
  const traits = new Map(events.filter((e) => e.type === 'identify' && e.traits).map((e) => [e.messageId, e.traits!]));
  return identityLinksIn(events).map((l) => ({
    anonymousId: l.from,
    userId: l.to,
    messageId: l.messageId,
    kind: l.kind,
    ...(traits.has(l.messageId) && { traits: traits.get(l.messageId) }),
  }));
}

/**
 * Stores new identity links and merges each linked identity into its final
 * user (following chains: anonymous → user1 → user2 merges into user2): the
 * history and traits join the user's state, the user is re-evaluated on every
 * segment, and the linked identity leaves its segments and is removed
 * (changes published with cause `identity`; its exits name the user in
 * `mergedInto`). Each merge is published on `cairn.identity-links.v1`. An id
 * links to one user only: the first link wins; a link that would close a
 * cycle is ignored.
 */
export async function linkIdentities(m: EntityManager, workspaceId: string, links: IdentityLink[], catalog: SegmentCatalog, now: Date): Promise<number> {
  if (links.length === 0) return 0;
  const linked = await new IdentityLinkRepository(m).linkedAmong(
    workspaceId,
    links.map((l) => l.anonymousId),
  );
  let changes = 0;
  for (const link of links) if (!linked.has(link.anonymousId)) changes += await linkOne(m, workspaceId, link, catalog, now);
  return changes;
}

/**
 * One new link, race-free: the link is inserted and both rows locked inside
 * a savepoint, then the target is checked to still be a final user (not
 * itself linked away meanwhile by a transaction that committed before our
 * lock); if it is not, the savepoint is rolled back and the link re-resolved.
 */
async function linkOne(m: EntityManager, workspaceId: string, link: IdentityLink, catalog: SegmentCatalog, now: Date): Promise<number> {
  const from = link.anonymousId;
  const links = new IdentityLinkRepository(m);
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const finals = await links.resolveFinal(workspaceId, [from, link.userId]);
    const target = finals.get(link.userId)!;
    if (finals.get(from) !== from || target === from) return 0; // already linked, or a cycle
    await m.query('SAVEPOINT link_identity');
    const inserted = await links.insert(workspaceId, from, target, now, link.kind);
    const locked = inserted ? await new UserStateRepository(m).lockUsers(workspaceId, [from, target], now) : new Map<string, LockedUser>();
    const still = locked.has(target) && locked.has(from) && (await links.resolveFinal(workspaceId, [target])).get(target) === target;
    if (!inserted || still) await m.query('RELEASE SAVEPOINT link_identity');
    else await m.query('ROLLBACK TO SAVEPOINT link_identity');
    if (!inserted) return 0; // another link of this id won
    if (still) {
      await publishLink(m, {
        v: 1,
        workspaceId,
        previousId: from,
        userId: target,
        linkedAt: now.toISOString(),
        ...(link.messageId && { causeMessageId: link.messageId }),
      });
      return 1 + (await merge(m, workspaceId, { anonymous: locked.get(from)!, user: locked.get(target)!, traits: link.traits ?? {} }, catalog, now));
    }
  }
  throw new Error(`identity link ${from} → ${link.userId}: the target kept moving after ${MAX_ATTEMPTS} attempts`);
}

async function merge(
  m: EntityManager,
  workspaceId: string,
  pair: { anonymous: LockedUser; user: LockedUser; traits: Record<string, unknown> },
  catalog: SegmentCatalog,
  now: Date,
): Promise<number> {
  const index = await catalog.indexFor(m, workspaceId);
  const state = applyTraits(mergeStates(pair.user.state, pair.anonymous.state), pair.traits);
  const changes = await retire(m, workspaceId, pair.anonymous, pair.user.userId, now);
  await new ItemOccurrenceRepository(m).move(workspaceId, pair.anonymous.userId, pair.user.userId);
  const item = { user: pair.user, state, segments: index.ordered, complete: true };
  return changes + (await reevaluateAndRecord(m, { workspaceId, index, now, cause: 'identity' }, [item]));
}

/** The linked identity leaves every segment it was in, and its state, timer and memberships are removed. */
async function retire(m: EntityManager, workspaceId: string, anonymous: LockedUser, into: string, now: Date): Promise<number> {
  const users = new UserStateRepository(m);
  const keys = await users.memberOf(workspaceId, anonymous.userId);
  const messages = keys.map((key, i): MembershipChange => ({
    v: 1,
    workspaceId,
    userId: anonymous.userId,
    segmentKey: key,
    change: 'exited',
    seq: anonymous.seq + i + 1,
    at: now.toISOString(),
    cause: 'identity',
    mergedInto: into,
  }));
  await addToOutbox(
    m,
    'segments',
    messages.map((msg) => ({ topic: TOPICS.segmentMembership, key: membershipKey(msg), value: JSON.stringify(msg) })),
  );
  await users.remove(workspaceId, anonymous.userId);
  return messages.length;
}

/** The merge, for the services that keep what the id had (messaging's consents and delivery log). */
async function publishLink(m: EntityManager, link: IdentityLinkMessage): Promise<void> {
  await addToOutbox(m, 'segments', [{ topic: TOPICS.identityLinks, key: identityLinkKey(link), value: JSON.stringify(link) }]);
}
