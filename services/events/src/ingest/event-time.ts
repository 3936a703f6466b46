/** How far ahead of receivedAt a corrected timestamp may be before it is clamped. */
export const MAX_FUTURE_MS = 5 * 60 * 1000;
/** No date Cairn takes (timestamp, originalTimestamp, sentAt, or a corrected timestamp) lies before this. */
export const EARLIEST_DATE = '2000-01-01T00:00:00.000Z';
export const EARLIEST_DATE_MS = Date.parse(EARLIEST_DATE);

export interface EventTime {
  timestamp: string;
  /** The producer's timestamp when it was clamped for lying in the future. */
  clampedFrom?: string;
}

/** The event cannot be given a timestamp: the message says why (the field at fault is `timestamp`). */
export interface RefusedTime {
  refused: string;
}

/** Whether a date as sent is too early to be true (an unset clock): before 2000-01-01. */
export function isBeforeEarliest(date: string): boolean {
  return Date.parse(date) < EARLIEST_DATE_MS;
}

/**
 * Segment's clock-skew correction: the producer's clock may be off, but the
 * gap between `timestamp` (when it happened) and `sentAt` (when it was sent)
 * was measured on that same clock, so the event happened that long before we
 * received it: timestamp = receivedAt - (sentAt - timestamp). Without sentAt
 * the timestamp is taken as is; without a timestamp it is receivedAt.
 * A result more than MAX_FUTURE_MS after receivedAt is clamped to receivedAt
 * (never rejected, so one bad clock cannot make an SDK drop a whole batch); a
 * result before EARLIEST_DATE (a gap of decades between timestamp and sentAt)
 * is refused, as is a date that does not parse (validation refuses those first).
 */
export function correctTimestamp(receivedAt: Date, timestamp?: string, sentAt?: string): EventTime | RefusedTime {
  const received = receivedAt.getTime();
  if (timestamp === undefined) return { timestamp: receivedAt.toISOString() };
  const original = Date.parse(timestamp);
  const corrected = sentAt === undefined ? original : received - (Date.parse(sentAt) - original);
  if (Number.isNaN(corrected)) return { refused: 'timestamp and sentAt must be ISO 8601 date-times' };
  if (corrected - received > MAX_FUTURE_MS) return { timestamp: receivedAt.toISOString(), clampedFrom: timestamp };
  if (corrected < EARLIEST_DATE_MS) {
    return {
      refused:
        sentAt === undefined
          ? `must not be before ${EARLIEST_DATE}`
          : `lies before ${EARLIEST_DATE} once corrected by sentAt (receivedAt - (sentAt - timestamp))`,
    };
  }
  return { timestamp: new Date(corrected).toISOString() };
}
