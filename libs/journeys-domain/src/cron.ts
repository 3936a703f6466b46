/**
 * A minimal 5-field cron (`minute hour day-of-month month day-of-week`) for
 * scheduled journey entries. Supports `*`, numbers, ranges `a-b`, steps
 * `*\/n` and `a-b/n`, lists `a,b`, month names JAN-DEC and weekday names
 * SUN-SAT (0 and 7 are both Sunday). As in Vixie cron, when both day fields
 * are restricted a day matches if either does.
 */
import { localParts, localToInstant } from '@cairn/core';

export interface CronSchedule {
  minutes: ReadonlySet<number>;
  hours: ReadonlySet<number>;
  daysOfMonth: ReadonlySet<number>;
  months: ReadonlySet<number>;
  /** 0 = Sunday ... 6 = Saturday. */
  daysOfWeek: ReadonlySet<number>;
  domRestricted: boolean;
  dowRestricted: boolean;
}

interface FieldSpec {
  name: string;
  min: number;
  max: number;
  names?: readonly string[];
}

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const WEEKDAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];
const FIELDS: readonly FieldSpec[] = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: MONTHS },
  { name: 'day of week', min: 0, max: 7, names: WEEKDAYS },
];
/** Far enough to find 29 February after a run of non-leap years. */
const MAX_DAYS_AHEAD = 366 * 9;

/** Parses a 5-field cron expression; throws a RangeError naming the bad field. */
export function parseCron(expr: string): CronSchedule {
  const fields = typeof expr === 'string' ? expr.trim().split(/\s+/) : [];
  if (fields.length !== 5) {
    throw new RangeError(`cron expression must have 5 fields (minute hour day-of-month month day-of-week)`);
  }
  const [minutes, hours, daysOfMonth, months, rawDow] = fields.map((field, i) => parseField(field, FIELDS[i]));
  const daysOfWeek = new Set([...rawDow].map((d) => d % 7));
  return {
    minutes,
    hours,
    daysOfMonth,
    months,
    daysOfWeek,
    domRestricted: fields[2] !== '*',
    dowRestricted: fields[4] !== '*',
  };
}

export function isValidCron(expr: unknown): boolean {
  try {
    parseCron(expr as string);
    return true;
  } catch {
    return false;
  }
}

function parseField(field: string, spec: FieldSpec): Set<number> {
  const values = new Set<number>();
  for (const part of field.split(',')) {
    const [range, stepText, extra] = part.split('/');
    const step = stepText === undefined ? 1 : toInt(stepText, spec, true);
    if (extra !== undefined || step < 1) throw new RangeError(`bad step in cron ${spec.name} "${part}"`);
    const [lo, hi] = parseRange(range, spec, stepText !== undefined);
    if (lo > hi) throw new RangeError(`bad range in cron ${spec.name} "${part}"`);
    for (let v = lo; v <= hi; v += step) values.add(v);
  }
  return values;
}

function parseRange(range: string, spec: FieldSpec, stepped: boolean): [number, number] {
  if (range === '*') return [spec.min, spec.max];
  const bounds = range.split('-');
  if (bounds.length > 2) throw new RangeError(`bad range in cron ${spec.name} "${range}"`);
  const lo = toValue(bounds[0], spec);
  // `5/15` means from 5 to the end, every 15.
  const hi = bounds.length === 2 ? toValue(bounds[1], spec) : stepped ? spec.max : lo;
  return [lo, hi];
}

function toValue(text: string, spec: FieldSpec): number {
  const index = spec.names?.indexOf(text.toUpperCase()) ?? -1;
  if (index >= 0) return index + (spec.name === 'month' ? 1 : 0);
  return toInt(text, spec, false);
}

function toInt(text: string, spec: FieldSpec, isStep: boolean): number {
  if (!/^\d{1,2}$/.test(text)) throw new RangeError(`bad value in cron ${spec.name} "${text}"`);
  const value = Number(text);
  if (!isStep && (value < spec.min || value > spec.max)) {
    throw new RangeError(`cron ${spec.name} ${value} is outside ${spec.min}-${spec.max}`);
  }
  return value;
}

function dayMatches(schedule: CronSchedule, day: number, weekday: number): boolean {
  const dom = schedule.daysOfMonth.has(day);
  const dow = schedule.daysOfWeek.has(weekday);
  if (schedule.domRestricted && schedule.dowRestricted) return dom || dow;
  return dom && dow;
}

/**
 * The first instant strictly after `after` whose wall time in `tz` matches the
 * expression. A wall time skipped by a DST gap fires at the end of the gap; a
 * repeated one fires once, at its first occurrence. Returns null when nothing
 * matches within nine years (e.g. 31 February).
 */
export function nextCronTime(expr: string | CronSchedule, after: Date, tz: string): Date | null {
  const schedule = typeof expr === 'string' ? parseCron(expr) : expr;
  const start = localParts(after, tz);
  const hours = [...schedule.hours].sort((a, b) => a - b);
  const minutes = [...schedule.minutes].sort((a, b) => a - b);
  for (let offset = 0; offset <= MAX_DAYS_AHEAD; offset++) {
    const date = new Date(Date.UTC(start.year, start.month - 1, start.day + offset));
    const [year, month, day] = [date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate()];
    if (!schedule.months.has(month) || !dayMatches(schedule, day, date.getUTCDay())) continue;
    for (const hour of hours) {
      for (const minute of minutes) {
        const instant = localToInstant({ year, month, day, hour, minute, second: 0 }, tz);
        if (instant.getTime() > after.getTime()) return instant;
      }
    }
  }
  return null;
}
