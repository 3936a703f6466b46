/**
 * Wall-clock helpers for IANA time zones, built on `Intl` only.
 *
 * Conventions:
 * - A local time of day is a string `HH:MM` (24-hour, 00:00 to 23:59).
 * - When a wall time does not exist (the clocks jump forward over it), the
 *   helpers use the first valid instant after it: the transition instant.
 * - When a wall time happens twice (the clocks fall back), the helpers use
 *   the earlier occurrence unless stated otherwise.
 * - Weeks start on Monday; weekdays are ISO numbers, 1 = Monday ... 7 = Sunday.
 * - Functions given an unknown time zone throw a RangeError.
 */

export interface LocalParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** ISO weekday: 1 = Monday ... 7 = Sunday. */
  weekday: number;
}

export interface LocalTime {
  hour: number;
  minute: number;
}

export interface LocalDateTime {
  year: number;
  month: number;
  day: number;
  hour?: number;
  minute?: number;
  second?: number;
}

const DAY_MS = 86_400_000;
const LOCAL_TIME_RE = /^([01]\d|2[0-3]):([0-5]\d)$/;
const formatters = new Map<string, Intl.DateTimeFormat>();
const MAX_CACHED_ZONES = 1_000;

function formatterFor(tz: string): Intl.DateTimeFormat {
  let formatter = formatters.get(tz);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      era: 'short',
    });
    // Intl accepts any letter case ("asia/SEOUL"), so spellings from traits are unbounded: cache only so many.
    if (formatters.size < MAX_CACHED_ZONES) formatters.set(tz, formatter);
  }
  return formatter;
}

export function isValidTimeZone(tz: unknown): tz is string {
  if (typeof tz !== 'string' || tz.length === 0) return false;
  try {
    formatterFor(tz);
    return true;
  } catch {
    return false;
  }
}

/** The zone used when neither the user nor the workspace names a valid one. */
export const FALLBACK_TIME_ZONE = 'Asia/Seoul';

/**
 * The zone a user's local times are computed in: their `timezone` trait when
 * it names a real IANA zone, else the workspace's zone (config-validated),
 * else Asia/Seoul. Every service resolves it this way, so an invalid trait
 * (which ingest stores as sent) never fails a timer, a schedule or a send.
 */
export function resolveTimeZone(trait: unknown, workspaceZone?: string): string {
  if (isValidTimeZone(trait)) return trait;
  return isValidTimeZone(workspaceZone) ? workspaceZone : FALLBACK_TIME_ZONE;
}

function isoWeekday(year: number, month: number, day: number): number {
  const sundayZero = new Date(Date.UTC(year, month - 1, day)).getUTCDay();
  return sundayZero === 0 ? 7 : sundayZero;
}

/** Wall times by zone and whole second, recently asked for: the same few seconds come up again and again. */
const partsBySecond = new Map<string, Readonly<LocalParts>>();
const MAX_CACHED_SECONDS = 8_192;

/**
 * The calendar date and wall time at `instant` in `tz`. `formatToParts` costs a few microseconds, and one cap window
 * or `nextLocalTime` asks it a dozen times about the same seconds (the day's boundaries, the target wall time), so the
 * answers are kept by zone and second: exact, because a wall time has no finer part than the second.
 */
export function localParts(instant: Date, tz: string): LocalParts {
  const second = Math.floor(instant.getTime() / 1000);
  const key = `${second} ${tz}`;
  let parts = partsBySecond.get(key);
  if (!parts) {
    parts = computeLocalParts(second * 1000, tz);
    // Bounded, as zone spellings from traits are: a fresh start beats an eviction order nobody needs.
    if (partsBySecond.size >= MAX_CACHED_SECONDS) partsBySecond.clear();
    partsBySecond.set(key, parts);
  }
  return { ...parts };
}

function computeLocalParts(epochMs: number, tz: string): LocalParts {
  const parts: Record<string, string> = {};
  for (const part of formatterFor(tz).formatToParts(new Date(epochMs))) parts[part.type] = part.value;
  const yearOfEra = Number(parts.year);
  const year = parts.era === 'BC' || parts.era === 'B' ? 1 - yearOfEra : yearOfEra;
  const month = Number(parts.month);
  const day = Number(parts.day);
  return {
    year,
    month,
    day,
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    second: Number(parts.second),
    weekday: isoWeekday(year, month, day),
  };
}

function wallAsUtc(p: LocalDateTime): number {
  const date = new Date(0);
  date.setUTCFullYear(p.year, p.month - 1, p.day);
  date.setUTCHours(p.hour ?? 0, p.minute ?? 0, p.second ?? 0, 0);
  return date.getTime();
}

/** The zone's UTC offset in milliseconds at `epochMs` (local = UTC + offset). */
function offsetAt(epochMs: number, tz: string): number {
  const wholeSecond = Math.floor(epochMs / 1000) * 1000;
  return wallAsUtc(localParts(new Date(wholeSecond), tz)) - wholeSecond;
}

/**
 * Every instant whose wall time in `tz` is exactly `wall`, earliest first.
 * Empty when the wall time falls in a gap. Assumes at most one offset change
 * within a day of the wall time, which holds for every real zone.
 */
function instantsAtWall(wall: LocalDateTime, tz: string): number[] {
  const target = wallAsUtc(wall);
  const offsets = new Set([offsetAt(target - DAY_MS, tz), offsetAt(target, tz), offsetAt(target + DAY_MS, tz)]);
  const found = new Set<number>();
  for (const offset of offsets) {
    const candidate = target - offset;
    if (offsetAt(candidate, tz) === offset) found.add(candidate);
  }
  return [...found].sort((a, b) => a - b);
}

/** The first instant whose wall time is at or after `wall` (used for gaps). */
function firstInstantFrom(wall: LocalDateTime, tz: string): number {
  const target = wallAsUtc(wall);
  let low = target - Math.max(offsetAt(target - DAY_MS, tz), offsetAt(target + DAY_MS, tz));
  let high = target - Math.min(offsetAt(target - DAY_MS, tz), offsetAt(target + DAY_MS, tz));
  const reached = (t: number) => t + offsetAt(t, tz) >= target;
  if (reached(low)) return low;
  while (high - low > 1) {
    const mid = Math.floor((low + high) / 2);
    if (reached(mid)) high = mid;
    else low = mid;
  }
  return high;
}

/**
 * Every instant with wall time `wall` in `tz`, earliest first; for a wall time in
 * a gap, the single first valid instant after it.
 */
export function localToInstants(wall: LocalDateTime, tz: string): Date[] {
  const found = instantsAtWall(wall, tz);
  const instants = found.length > 0 ? found : [firstInstantFrom(wall, tz)];
  return instants.map((t) => new Date(t));
}

/** The earliest instant with wall time `wall` in `tz` (gap: the first valid instant after). */
export function localToInstant(wall: LocalDateTime, tz: string): Date {
  return localToInstants(wall, tz)[0];
}

export function isLocalTime(value: unknown): value is string {
  return typeof value === 'string' && LOCAL_TIME_RE.test(value);
}

/** Parses `HH:MM` (00:00 to 23:59); throws a RangeError on anything else. */
export function parseLocalTime(value: string): LocalTime {
  const match = typeof value === 'string' ? LOCAL_TIME_RE.exec(value) : null;
  if (!match) throw new RangeError(`invalid local time ${JSON.stringify(value)}: expected HH:MM between 00:00 and 23:59`);
  return { hour: Number(match[1]), minute: Number(match[2]) };
}

function shiftDate(p: { year: number; month: number; day: number }, days: number) {
  const date = new Date(wallAsUtc({ year: p.year, month: p.month, day: p.day }) + days * DAY_MS);
  return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() };
}

/**
 * The earliest instant at or after `now` whose wall time in `tz` is `time`
 * (`HH:MM:00.000`). If that wall time is skipped by a DST gap on a day, that
 * day's candidate is the first valid instant after the gap starts; if it
 * happens twice, both occurrences count.
 */
export function nextLocalTime(now: Date, time: string, tz: string): Date {
  const { hour, minute } = parseLocalTime(time);
  const today = localParts(now, tz);
  for (let days = -1; days <= 2; days++) {
    const date = shiftDate(today, days);
    for (const instant of localToInstants({ ...date, hour, minute }, tz)) {
      if (instant.getTime() >= now.getTime()) return instant;
    }
  }
  throw new RangeError(`no local time ${time} found near ${now.toISOString()} in ${tz}`);
}

function msIntoLocalDay(now: Date, tz: string): number {
  const p = localParts(now, tz);
  const ms = ((now.getTime() % 1000) + 1000) % 1000;
  return ((p.hour * 60 + p.minute) * 60 + p.second) * 1000 + ms;
}

function msOfLocalTime(time: string): number {
  const { hour, minute } = parseLocalTime(time);
  return (hour * 60 + minute) * 60_000;
}

/**
 * Whether the wall time of `now` in `tz` lies in the daily window [start, end):
 * start inclusive, end exclusive. A window whose start is later than its end
 * wraps midnight (21:00 to 08:00). A window whose start equals its end is empty.
 */
export function isInLocalWindow(now: Date, start: string, end: string, tz: string): boolean {
  const at = msIntoLocalDay(now, tz);
  const from = msOfLocalTime(start);
  const to = msOfLocalTime(end);
  if (from === to) return false;
  return from < to ? at >= from && at < to : at >= from || at < to;
}

/**
 * The instant the window [start, end) containing `now` ends (the next wall time
 * `end`), or null when `now` is outside the window.
 */
export function localWindowEnd(now: Date, start: string, end: string, tz: string): Date | null {
  if (!isInLocalWindow(now, start, end, tz)) return null;
  return nextLocalTime(now, end, tz);
}

/** The first instant of the local calendar day containing `now`. */
export function startOfLocalDay(now: Date, tz: string): Date {
  const p = localParts(now, tz);
  return localToInstant({ year: p.year, month: p.month, day: p.day }, tz);
}

/** The first instant of the local week (starting Monday) containing `now`. */
export function startOfLocalWeek(now: Date, tz: string): Date {
  const p = localParts(now, tz);
  return localToInstant(shiftDate(p, 1 - p.weekday), tz);
}

/**
 * The instant with the same wall time `days` local calendar days later (or
 * earlier, when negative). A skipped wall time moves to the first valid instant
 * after it; a repeated one resolves to the occurrence with the same offset as
 * `instant` when there is one, else the earlier.
 */
export function addLocalDays(instant: Date, days: number, tz: string): Date {
  if (!Number.isInteger(days)) throw new RangeError(`days must be an integer, got ${days}`);
  const p = localParts(instant, tz);
  const wall = { ...shiftDate(p, days), hour: p.hour, minute: p.minute, second: p.second };
  const ms = ((instant.getTime() % 1000) + 1000) % 1000;
  const candidates = localToInstants(wall, tz);
  const sameOffset = offsetAt(instant.getTime(), tz);
  const chosen = candidates.find((c) => offsetAt(c.getTime(), tz) === sameOffset) ?? candidates[0];
  return new Date(chosen.getTime() + ms);
}
