import type { BehaviourEvent } from './event.contract';

/**
 * The identity link an event carries, as every consumer reads it: an `alias`
 * links `previousId` to `userId`; any other event with both `anonymousId` and
 * `userId` (an identify on sign-in, a track after it) links the anonymous id to
 * the user. The linked id stops naming a person of its own: its history, state
 * and runs continue as the user's. Consumers apply the same rule to the same
 * ordered events, so they agree on the link: the first link of an id wins, a
 * link that would close a cycle is ignored, and chains are followed (see the
 * identity model in docs/design.md).
 */
export interface EventIdentityLink {
  /** The id merged away. */
  from: string;
  /** The user it is merged into. */
  to: string;
  /** `anonymous`: an anonymous id (an event with both ids); `alias`: an alias's previous id. */
  kind: 'anonymous' | 'alias';
  messageId: string;
}

export function identityLinkOf(e: Pick<BehaviourEvent, 'type' | 'userId' | 'anonymousId' | 'previousId' | 'messageId'>): EventIdentityLink | undefined {
  const from = e.type === 'alias' ? e.previousId : e.anonymousId;
  if (!e.userId || !from || from === e.userId) return undefined;
  return { from, to: e.userId, kind: e.type === 'alias' ? 'alias' : 'anonymous', messageId: e.messageId };
}

/** The first link of each id among the events, in order. */
export function identityLinksIn(events: readonly BehaviourEvent[]): EventIdentityLink[] {
  const links = new Map<string, EventIdentityLink>();
  for (const e of events) {
    const link = identityLinkOf(e);
    if (link && !links.has(link.from)) links.set(link.from, link);
  }
  return [...links.values()];
}

/** The id an event counts for before links are applied: the user id, else the anonymous id. */
export function eventIdentityOf(e: Pick<BehaviourEvent, 'userId' | 'anonymousId'>): string | undefined {
  return e.userId ?? e.anonymousId ?? undefined;
}
