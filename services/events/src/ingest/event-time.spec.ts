import { correctTimestamp, EARLIEST_DATE, MAX_FUTURE_MS } from './event-time';

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
    expect(result).toEqual({ timestamp: receivedAt.toISOString(), clampedFrom: '2026-11-02T12:00:00Z' });
  });

  it('keeps time zone offsets exact', () => {
    expect(correctTimestamp(receivedAt, '2026-11-02T18:59:00+09:00')).toEqual({ timestamp: '2026-11-02T09:59:00.000Z' });
  });

  it('refuses a timestamp before 2000, as sent or once corrected by sentAt, and keeps one on the edge', () => {
    expect(correctTimestamp(receivedAt, '1999-12-31T23:59:59.999Z')).toEqual({ refused: expect.stringContaining('2000-01-01') });
    expect(correctTimestamp(receivedAt, EARLIEST_DATE)).toEqual({ timestamp: EARLIEST_DATE });
    // 27 years between timestamp and sentAt on the producer clock: the corrected time lies in 1999
    expect(correctTimestamp(receivedAt, '2000-01-01T00:00:00Z', '2027-11-03T00:00:00Z')).toEqual({ refused: expect.stringContaining('sentAt') });
  });

  it('never throws on dates that do not parse (validation refuses them first)', () => {
    expect(correctTimestamp(receivedAt, 'not a date')).toEqual({ refused: expect.any(String) });
    expect(correctTimestamp(receivedAt, '2026-11-02T10:00:00Z', 'soon')).toEqual({ refused: expect.any(String) });
  });
});
