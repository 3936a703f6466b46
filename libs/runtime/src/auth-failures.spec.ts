import { AuthFailureLimiter, clientBucketKey } from './auth-failures';

describe('failed authentications per client address', () => {
  const limiter = () => new AuthFailureLimiter({ burst: 3, refillSeconds: 5, maxAddresses: 2 });

  it('lets an address fail the burst, then refuses it until a failure has been refilled', () => {
    const l = limiter();
    for (let i = 0; i < 3; i++) {
      expect(l.retryAfter('10.0.0.1', 0)).toBe(0);
      l.recordFailure('10.0.0.1', 0);
    }
    expect(l.retryAfter('10.0.0.1', 0)).toBe(5);
    expect(l.retryAfter('10.0.0.1', 3_000)).toBe(2);
    expect(l.retryAfter('10.0.0.1', 5_000)).toBe(0);
    expect(l.retryAfter('10.0.0.2', 0)).toBe(0);
  });

  it('forgets an address once its bucket is full again, and the least recently failing beyond the bound', () => {
    const l = limiter();
    l.recordFailure('10.0.0.1', 0);
    expect(l.size).toBe(1);
    l.retryAfter('10.0.0.1', 5_000);
    expect(l.size).toBe(0);
    for (const a of ['10.0.0.1', '10.0.0.2', '10.0.0.3']) for (let i = 0; i < 3; i++) l.recordFailure(a, 10_000);
    expect(l.size).toBe(2);
    expect(l.retryAfter('10.0.0.1', 10_000)).toBe(0);
    expect(l.retryAfter('10.0.0.3', 10_000)).toBe(5);
  });

  it('counts IPv6 clients by their /64 and IPv4-mapped addresses as IPv4', () => {
    expect(clientBucketKey('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
    expect(clientBucketKey('2001:db8:1:2:ffff:ffff:ffff:ffff')).toBe('2001:db8:1:2::/64');
    expect(clientBucketKey('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(clientBucketKey('::ffff:192.0.2.7')).toBe('192.0.2.7');
    expect(clientBucketKey('192.0.2.7')).toBe('192.0.2.7');
    expect(clientBucketKey(undefined)).toBe('unknown');
  });
});
