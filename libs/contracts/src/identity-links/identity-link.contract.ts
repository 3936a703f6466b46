import { id, isoTimestamp, TopicContract, userKey } from '../common.schema';
import { TOPICS } from '../topics';

/**
 * An identity the segments service merged into a user: an anonymous id (an
 * event carrying both ids) or an aliased previous id. One message per link,
 * published once the merge committed; `userId` is the final user the id now
 * counts for (after following chains).
 */
export interface IdentityLink {
  v: 1;
  workspaceId: string;
  /** The id merged away (anonymousId, or alias previousId); it no longer names a person of its own. */
  previousId: string;
  /** The final user it was merged into. */
  userId: string;
  linkedAt: string;
  /** The event that carried the link. */
  causeMessageId?: string;
}

export const identityLinkContract: TopicContract<IdentityLink> = {
  topic: TOPICS.identityLinks,
  version: 1,
  description: 'Identities merged into a user (an anonymous id or an alias), published by the segments service.',
  key: userKey,
  value: {
    type: 'object',
    required: ['v', 'workspaceId', 'previousId', 'userId', 'linkedAt'],
    properties: {
      v: { const: 1 },
      workspaceId: id,
      previousId: id,
      userId: id,
      linkedAt: isoTimestamp,
      causeMessageId: id,
    },
  },
  example: {
    v: 1,
    workspaceId: 'shop',
    previousId: 'anon-7f3a',
    userId: 'u-1',
    linkedAt: '2026-11-02T10:00:00.000Z',
    causeMessageId: 'm-9',
  },
};
