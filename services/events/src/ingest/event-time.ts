/** How far ahead of receivedAt a corrected timestamp may be before it is clamped. */
export const MAX_FUTURE_MS = 5 * 60 * 1000;

export interface EventTime {
  timestamp: string;
  /** The producer's timestamp when it was clamped for lying in the future. */
  clampedFrom?: string;
}

/**
 * Segment's clock-skew correction: the producer's clock may be off, but the
 * gap between `timestamp` (when it happened) and `sentAt` (when it was sent)
 * was measured on that same clock, so the event happened that long before we
 * received it: timestamp = receivedAt - (sentAt - timestamp). Without sentAt
 * the timestamp is taken as is; without a timestamp it is receivedAt.
 * A result more than MAX_FUTURE_MS after receivedAt is clamped to receivedAt
 * (never rejected, so one bad clock cannot make an SDK drop a whole batch).
 */
export function correctTimestamp(receivedAt: Date, timestamp?: string, sentAt?: string): EventTime {
  const received = receivedAt.getTime();
  if (timestamp === undefined) return { timestamp: receivedAt.toISOString() };
  const original = Date.parse(timestamp);
  const corrected = sentAt === undefined ? original : received - (Date.parse(sentAt) - original);
  if (corrected - received > MAX_FUTURE_MS) return { timestamp: receivedAt.toISOString(), clampedFrom: timestamp };
  return { timestamp: new Date(corrected).toISOString() };
}
