import { correctTimestamp, MAX_FUTURE_MS } from './event-time';

const receivedAt = new Date('2026-11-02T10:00:00.000Z');

describe('correctTimestamp', () => {
  it('moves the timestamp by the producer clock skew measured from sentAt', () => {
    // producer clock is one hour fast; the event happened 5 s before sending
    const result = correctTimestamp(receivedAt, '2026-11-02T11:00:00.000Z', '2026-11-02T11:00:05.000Z');
    expect(result).toEqual({ timestamp: '2026-11-02T09:59:55.000Z' });
  });

  it('keeps the timestamp as sent when there is no sentAt (history imports)', () => {
    expect(correctTimestamp(receivedAt, '2025-01-01T00:00:00Z')).toEqual({ timestamp: '2025-01-01T00:00:00.000Z' });
  });

  it('uses receivedAt when there is no timestamp', () => {
    expect(correctTimestamp(receivedAt, undefined, '2020-01-01T00:00:00Z')).toEqual({ timestamp: receivedAt.toISOString() });
  });

  it('accepts a timestamp up to the future tolerance and clamps one beyond it to receivedAt', () => {
    const edge = new Date(receivedAt.getTime() + MAX_FUTURE_MS).toISOString();
    expect(correctTimestamp(receivedAt, edge)).toEqual({ timestamp: edge });
    const far = '2027-01-01T00:00:00.000Z';
    expect(correctTimestamp(receivedAt, far)).toEqual({ timestamp: receivedAt.toISOString(), clampedFrom: far });
  });

  it('clamps an event stamped after its own sentAt', () => {
    const result = correctTimestamp(receivedAt, '2026-11-02T12:00:00Z', '2026-11-02T10:00:00Z');
    expect(result.timestamp).toBe(receivedAt.toISOString());
  });

  it('keeps time zone offsets exact', () => {
    expect(correctTimestamp(receivedAt, '2026-11-02T18:59:00+09:00').timestamp).toBe('2026-11-02T09:59:00.000Z');
  });
});
