import { serviceForPath } from './routes';

describe('all-in-one routing', () => {
  it.each([
    ['/v1/batch', 'events'],
    ['/v1/track?x=1', 'events'],
    ['/v1/group', 'events'],
    ['/v1/catalog/events', 'events'],
    ['/v1/segments/abc/members', 'segments'],
    ['/v1/users/u-1/segments?explain=true', 'segments'],
    ['/v1/users/u-1/profile', 'segments'],
    ['/v1/segments/flagship-hot/size-history?since=7d', 'segments'],
    ['/v1/journeys/cart-abandonment/versions/current/steps', 'journeys'],
    ['/v1/messages/series?window=24h', 'messaging'],
    ['/v1/messages/search?status=SENT', 'messaging'],
    ['/v1/journeys/j/publish', 'journeys'],
    ['/v1/users/u-1/journeys', 'journeys'],
    ['/v1/coupon-pools/welcome-back', 'journeys'],
    ['/v1/audiences/query', 'segments'],
    ['/v1/frequency-policy', 'messaging'],
    ['/v1/messages?userId=u1', 'messaging'],
    ['/v1/users/u-1/consents', 'messaging'],
    ['/v1/parked/journeys?state=parked', 'journeys'],
    ['/v1/parked/segments/timer/dev%3Au-1/retry', 'segments'],
    ['/v1/parked/messaging', 'messaging'],
    ['/v1/parked/events', 'events'],
    ['/v1/t', 'events'],
    ['/v1/b', 'events'],
    ['/v1/g', 'events'],
    ['/v1/projects/shop-write-key/settings', 'events'],
    ['/sourceConfig/', 'events'],
    ['/v1/sourceConfig', 'events'],
    ['/beacon/v1/batch', 'events'],
    ['/v1/users/u-1', 'segments'],
    ['/v1/users/u-1/identity', 'segments'],
    ['/v1/users/u-1/erasure/events', 'events'],
    ['/v1/users/u-1/export/journeys', 'journeys'],
    ['/v1/users/u-1/erasure/messaging', 'messaging'],
    ['/v1/users/u-1/export/segments', 'segments'],
    ['/v1/send', 'messaging'],
    ['/v1/messages/0b6f7c1e-2d6a-4f57-9a43-1f0e8a9c7d21', 'messaging'],
    ['/v1/broadcasts', 'messaging'],
    ['/v1/broadcasts/spring-sale/cancel', 'messaging'],
    ['/v1/unsubscribe?token=u1.k1.abc', 'messaging'],
    ['/v1/channels/kakao/receipts', 'messaging'],
  ])('sends %s to %s', (path, service) => {
    expect(serviceForPath(path)).toBe(service);
  });

  it.each([
    '/v1/unknown',
    '/v1/users',
    '/v1/users/u-1/export/nobody',
    '/v1/trackers',
    '/health/ready',
    '/v1/parked',
    '/v1/parked/other',
    '/v1/x',
    '/v1/projects/k',
    '/beacon/v2/batch',
    '/v1/sender',
    '/v1/unsubscribes',
  ])('has no service for %s', (path) => {
    expect(serviceForPath(path)).toBeUndefined();
  });
});
