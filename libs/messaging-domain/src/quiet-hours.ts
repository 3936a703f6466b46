import { isInLocalWindow, localWindowEnd } from '@cairn/core';
import { MessageCategory, QuietHours } from './frequency-policy';

export type QuietHoursVerdict = { quiet: false } | { quiet: true; until: Date; reason: 'quiet_hours' };

/**
 * Whether a message of `category` must wait for the end of the workspace's
 * quiet hours in the user's time zone `tz`. The window [start, end) includes
 * its start and excludes its end, and wraps midnight when start > end. A
 * held-back message is deferred to the instant the window ends.
 */
export function checkQuietHours(quietHours: QuietHours | undefined, category: MessageCategory, now: Date, tz: string): QuietHoursVerdict {
  if (!quietHours || !quietHours.categories.includes(category)) return { quiet: false };
  if (!isInLocalWindow(now, quietHours.start, quietHours.end, tz)) return { quiet: false };
  const until = localWindowEnd(now, quietHours.start, quietHours.end, tz);
  return until ? { quiet: true, until, reason: 'quiet_hours' } : { quiet: false };
}
