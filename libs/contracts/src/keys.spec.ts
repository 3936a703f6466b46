import { decodeMessage } from './registry';
import {
  catalogEventKey,
  eventIdentity,
  eventKey,
  membershipChangeIdentity,
  membershipKey,
  messageOutcomeKey,
  messageRequestKey,
  userPartitionKey,
} from './keys';
import { TOPICS } from './topics';

describe('message keys', () => {
  it('keys every per-user topic <workspaceId>:<userId>, an anonymous event by its anonymous id, and a catalog event by its item', () => {
    expect(userPartitionKey('shop', 'u-1')).toBe('shop:u-1');
    expect(eventKey({ workspaceId: 'shop', userId: 'u-1', anonymousId: 'a-1' })).toBe('shop:u-1');
    expect(eventKey({ workspaceId: 'shop', userId: null, anonymousId: 'a-1' })).toBe('shop:a-1');
    expect(membershipKey({ workspaceId: 'shop', userId: 'u-1' })).toBe('shop:u-1');
    expect(messageRequestKey({ workspaceId: 'shop', userId: 'u-1' })).toBe('shop:u-1');
    expect(messageOutcomeKey({ workspaceId: 'shop', userId: 'u-1' })).toBe('shop:u-1');
    expect(catalogEventKey({ workspaceId: 'shop', itemId: 'P-1' })).toBe('shop:P-1');
  });

  it('builds keys the topic contracts accept', () => {
    const at = '2026-03-02T01:00:00.000Z';
    const change = { v: 1, workspaceId: 'shop', userId: 'u-1', segmentKey: 'vip', change: 'entered', seq: 1, at, cause: 'event' } as const;
    expect(decodeMessage(TOPICS.segmentMembership, membershipKey(change), JSON.stringify(change)).ok).toBe(true);
  });

  it('names a message by what makes a redelivery the same message', () => {
    expect(eventIdentity({ workspaceId: 'shop', messageId: 'm-1' })).toBe('shop:m-1');
    expect(membershipChangeIdentity({ workspaceId: 'shop', userId: 'u-1', segmentKey: 'vip', seq: 3 })).toBe('shop:u-1:vip:3');
  });
});
