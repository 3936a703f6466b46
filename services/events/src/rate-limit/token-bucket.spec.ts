import { TokenBucket } from './token-bucket';

describe('TokenBucket', () => {
  it('passes up to one second of events, then asks to wait until enough tokens are back', () => {
    const bucket = new TokenBucket(10, 0);
    expect(bucket.take(6, 0)).toBe(0);
    expect(bucket.take(4, 0)).toBe(0);
    expect(bucket.take(1, 0)).toBe(1);
    expect(bucket.take(5, 500)).toBe(0);
    expect(bucket.take(1, 500)).toBe(1);
  });

  it('does not refuse a request larger than the capacity forever; it waits for a full bucket and leaves debt', () => {
    const bucket = new TokenBucket(10, 0);
    expect(bucket.take(25, 0)).toBe(0);
    expect(bucket.take(1, 1000)).toBe(1);
    expect(bucket.take(1, 2600)).toBe(0);
  });

  it('never holds more than one second of tokens after a quiet period', () => {
    const bucket = new TokenBucket(10, 0);
    expect(bucket.take(10, 60_000)).toBe(0);
    expect(bucket.take(1, 60_000)).toBe(1);
  });

  it('answers a wait of at least one second and rounds up', () => {
    const bucket = new TokenBucket(4, 0);
    bucket.take(4, 0);
    expect(bucket.take(4, 100)).toBe(1);
    const slow = new TokenBucket(1, 0);
    slow.take(1, 0);
    expect(slow.take(1, 0)).toBe(1);
  });
});
