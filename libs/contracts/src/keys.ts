import type { CatalogEvent } from './catalog-events/catalog-event.contract';
import type { BehaviourEvent } from './events/event.contract';
import type { MessageOutcome } from './message-outcomes/message-outcome.contract';
import type { MessageRequest } from './message-requests/message-request.contract';
import type { MembershipChange } from './segment-membership/membership.contract';
import type { IdentityLink } from './identity-links/identity-link.contract';
import type { UserErasure } from './user-erasures/user-erasure.contract';

/**
 * The keys of Cairn's messages, built in one place.
 *
 * Partition keys: every per-user topic is keyed `<workspaceId>:<userId>`, so
 * one user's messages stay in order on one partition and one consumer is the
 * single writer for that user; catalog events are keyed by item.
 *
 * Identities: what makes a consumed message the same message when it is
 * delivered again (the consumers' processed-message keys): an event's
 * workspace and `messageId`, a membership change's user, segment and `seq`.
 */

/** `<workspaceId>:<userId>`: the partition key of every per-user topic. */
export function userPartitionKey(workspaceId: string, userId: string): string {
  return `${workspaceId}:${userId}`;
}

/** `cairn.events.v1`: the user, or the anonymous id when there is no user id yet. */
export function eventKey(e: Pick<BehaviourEvent, 'workspaceId' | 'userId' | 'anonymousId'>): string {
  return userPartitionKey(e.workspaceId, (e.userId ?? e.anonymousId) as string);
}

/** `cairn.catalog-events.v1`: the item. */
export function catalogEventKey(e: Pick<CatalogEvent, 'workspaceId' | 'itemId'>): string {
  return `${e.workspaceId}:${e.itemId}`;
}

/** `cairn.segment-membership.v1`. */
export function membershipKey(c: Pick<MembershipChange, 'workspaceId' | 'userId'>): string {
  return userPartitionKey(c.workspaceId, c.userId);
}

/** `cairn.message-requests.v1`. */
export function messageRequestKey(r: Pick<MessageRequest, 'workspaceId' | 'userId'>): string {
  return userPartitionKey(r.workspaceId, r.userId);
}

/** `cairn.message-outcomes.v1`. */
export function messageOutcomeKey(o: Pick<MessageOutcome, 'workspaceId' | 'userId'>): string {
  return userPartitionKey(o.workspaceId, o.userId);
}

/** `cairn.identity-links.v1`: the final user, so a user's links stay in order. */
export function identityLinkKey(l: Pick<IdentityLink, 'workspaceId' | 'userId'>): string {
  return userPartitionKey(l.workspaceId, l.userId);
}

/** `cairn.user-erasures.v1`: the person's final user id. */
export function userErasureKey(e: Pick<UserErasure, 'workspaceId' | 'userId'>): string {
  return userPartitionKey(e.workspaceId, e.userId);
}

/** A link's identity: `<workspaceId>:<previousId>` (an id is merged once). */
export function identityLinkIdentity(l: Pick<IdentityLink, 'workspaceId' | 'previousId'>): string {
  return `${l.workspaceId}:${l.previousId}`;
}

/** An erasure's identity: `<workspaceId>:<erasureId>`. */
export function userErasureIdentity(e: Pick<UserErasure, 'workspaceId' | 'erasureId'>): string {
  return `${e.workspaceId}:${e.erasureId}`;
}

/** A behaviour or catalog event's identity: `<workspaceId>:<messageId>`. */
export function eventIdentity(e: Pick<BehaviourEvent | CatalogEvent, 'workspaceId' | 'messageId'>): string {
  return `${e.workspaceId}:${e.messageId}`;
}

/** A membership change's identity: `<workspaceId>:<userId>:<segmentKey>:<seq>`. */
export function membershipChangeIdentity(c: Pick<MembershipChange, 'workspaceId' | 'userId' | 'segmentKey' | 'seq'>): string {
  return `${c.workspaceId}:${c.userId}:${c.segmentKey}:${c.seq}`;
}
