import {
  addLocalDays,
  isInLocalWindow,
  isLocalTime,
  isValidTimeZone,
  localParts,
  localToInstant,
  localToInstants,
  localWindowEnd,
  nextLocalTime,
  parseLocalTime,
  startOfLocalDay,
  startOfLocalWeek,
} from './timezone';

const at = (iso: string) => new Date(iso);
const ms = (iso: string, delta: number) => new Date(new Date(iso).getTime() + delta);
const NY = 'America/New_York';
const SEOUL = 'Asia/Seoul';

describe('isValidTimeZone', () => {
  it.each(['Asia/Seoul', 'UTC', 'America/New_York', 'Europe/London'])('accepts %s', (tz) => {
    expect(isValidTimeZone(tz)).toBe(true);
  });

  it.each(['', 'Mars/Olympus', 'KST+9', 42, null, undefined])('refuses %p', (tz) => {
    expect(isValidTimeZone(tz)).toBe(false);
  });
});

describe('localParts', () => {
  it('gives the Seoul calendar date and wall time (UTC+9)', () => {
    expect(localParts(at('2026-03-01T15:30:45Z'), SEOUL)).toEqual({
      year: 2026,
      month: 3,
      day: 2,
      hour: 0,
      minute: 30,
      second: 45,
      weekday: 1,
    });
  });

  it('reports midnight as hour 0, never 24', () => {
    expect(localParts(at('2026-01-01T00:00:00Z'), 'UTC').hour).toBe(0);
  });

  it('follows New York across the spring-forward gap', () => {
    expect(localParts(ms('2026-03-08T07:00:00Z', -1), NY)).toMatchObject({ hour: 1, minute: 59, second: 59 });
    expect(localParts(at('2026-03-08T07:00:00Z'), NY)).toMatchObject({ hour: 3, minute: 0, second: 0, weekday: 7 });
  });

  it('throws a RangeError for an unknown zone', () => {
    expect(() => localParts(new Date(0), 'Nowhere/Land')).toThrow(RangeError);
  });
});

describe('parseLocalTime', () => {
  it.each([
    ['00:00', 0, 0],
    ['08:00', 8, 0],
    ['23:59', 23, 59],
  ])('parses %s', (text, hour, minute) => {
    expect(parseLocalTime(text)).toEqual({ hour, minute });
    expect(isLocalTime(text)).toBe(true);
  });

  it.each(['24:00', '8:00', '08:60', '0800', '08:00:00', '', ' 08:00'])('refuses %p', (text) => {
    expect(() => parseLocalTime(text)).toThrow(RangeError);
    expect(isLocalTime(text)).toBe(false);
  });
});

describe('localToInstant', () => {
  it('returns both occurrences of a repeated wall time, earliest first', () => {
    const both = localToInstants({ year: 2026, month: 11, day: 1, hour: 1, minute: 30 }, NY);
    expect(both.map((d) => d.toISOString())).toEqual(['2026-11-01T05:30:00.000Z', '2026-11-01T06:30:00.000Z']);
  });

  it('moves a skipped wall time to the first valid instant after the gap', () => {
    expect(localToInstant({ year: 2026, month: 3, day: 8, hour: 2, minute: 30 }, NY).toISOString()).toBe('2026-03-08T07:00:00.000Z');
  });
});

describe('nextLocalTime', () => {
  it('finds 08:00 in Seoul later the same local day', () => {
    expect(nextLocalTime(at('2026-05-01T13:30:00Z'), '08:00', SEOUL).toISOString()).toBe('2026-05-01T23:00:00.000Z');
  });

  it('includes now itself when now is exactly the wall time', () => {
    expect(nextLocalTime(at('2026-05-01T23:00:00Z'), '08:00', SEOUL).toISOString()).toBe('2026-05-01T23:00:00.000Z');
  });

  it('rolls to the next day 1 ms after the wall time', () => {
    expect(nextLocalTime(ms('2026-05-01T23:00:00Z', 1), '08:00', SEOUL).toISOString()).toBe('2026-05-02T23:00:00.000Z');
  });

  it('returns the next instant 1 ms before the wall time', () => {
    expect(nextLocalTime(ms('2026-05-01T23:00:00Z', -1), '08:00', SEOUL).toISOString()).toBe('2026-05-01T23:00:00.000Z');
  });

  it('keeps the local wall time across spring-forward in New York', () => {
    expect(nextLocalTime(at('2026-03-07T15:00:00Z'), '08:00', NY).toISOString()).toBe('2026-03-08T12:00:00.000Z');
  });

  it('keeps the local wall time across fall-back in New York', () => {
    expect(nextLocalTime(at('2026-10-31T13:00:00Z'), '08:00', NY).toISOString()).toBe('2026-11-01T13:00:00.000Z');
  });

  it('uses the transition instant when the wall time is skipped', () => {
    expect(nextLocalTime(at('2026-03-08T05:00:00Z'), '02:30', NY).toISOString()).toBe('2026-03-08T07:00:00.000Z');
  });

  it('finds the second occurrence of a repeated wall time when between them', () => {
    expect(nextLocalTime(at('2026-11-01T06:00:00Z'), '01:30', NY).toISOString()).toBe('2026-11-01T06:30:00.000Z');
  });
});

describe('isInLocalWindow and localWindowEnd (21:00 to 08:00, Seoul)', () => {
  const start = '21:00';
  const end = '08:00';
  const startKst = '2026-05-01T12:00:00Z'; // 21:00 KST
  const endKst = '2026-05-01T23:00:00Z'; // 08:00 KST next day

  it('includes the start', () => {
    expect(isInLocalWindow(at(startKst), start, end, SEOUL)).toBe(true);
    expect(isInLocalWindow(ms(startKst, -1), start, end, SEOUL)).toBe(false);
  });

  it('excludes the end', () => {
    expect(isInLocalWindow(ms(endKst, -1), start, end, SEOUL)).toBe(true);
    expect(isInLocalWindow(at(endKst), start, end, SEOUL)).toBe(false);
  });

  it('wraps midnight', () => {
    expect(isInLocalWindow(at('2026-05-01T15:00:00Z'), start, end, SEOUL)).toBe(true); // 00:00 KST
    expect(isInLocalWindow(at('2026-05-01T03:00:00Z'), start, end, SEOUL)).toBe(false); // 12:00 KST
  });

  it('handles a window that does not wrap', () => {
    expect(isInLocalWindow(at('2026-05-01T03:00:00Z'), '09:00', '18:00', SEOUL)).toBe(true);
    expect(isInLocalWindow(at('2026-05-01T09:00:00Z'), '09:00', '18:00', SEOUL)).toBe(false);
  });

  it('treats an equal start and end as an empty window', () => {
    expect(isInLocalWindow(at('2026-05-01T00:00:00Z'), '09:00', '09:00', 'UTC')).toBe(false);
  });

  it('ends the window at the next 08:00 KST', () => {
    expect(localWindowEnd(at('2026-05-01T13:30:00Z'), start, end, SEOUL)?.toISOString()).toBe('2026-05-01T23:00:00.000Z');
    expect(localWindowEnd(ms(endKst, -1), start, end, SEOUL)?.toISOString()).toBe('2026-05-01T23:00:00.000Z');
  });

  it('returns null outside the window', () => {
    expect(localWindowEnd(at(endKst), start, end, SEOUL)).toBeNull();
  });

  it('ends a New York night window at local 08:00 on the spring-forward morning', () => {
    // 22:00 EST on Saturday 7 March; the window ends at 08:00 EDT on Sunday.
    expect(localWindowEnd(at('2026-03-08T03:00:00Z'), start, end, NY)?.toISOString()).toBe('2026-03-08T12:00:00.000Z');
  });
});

describe('startOfLocalDay', () => {
  it('starts the Seoul day at 15:00 UTC the day before', () => {
    expect(startOfLocalDay(at('2026-05-01T14:59:59.999Z'), SEOUL).toISOString()).toBe('2026-04-30T15:00:00.000Z');
    expect(startOfLocalDay(at('2026-05-01T15:00:00Z'), SEOUL).toISOString()).toBe('2026-05-01T15:00:00.000Z');
  });

  it('starts the UTC day at UTC midnight', () => {
    expect(startOfLocalDay(at('2026-05-01T23:59:59Z'), 'UTC').toISOString()).toBe('2026-05-01T00:00:00.000Z');
  });

  it('uses the right offset on a DST day in New York', () => {
    expect(startOfLocalDay(at('2026-03-08T20:00:00Z'), NY).toISOString()).toBe('2026-03-08T05:00:00.000Z');
    expect(startOfLocalDay(at('2026-11-01T20:00:00Z'), NY).toISOString()).toBe('2026-11-01T04:00:00.000Z');
  });
});

describe('startOfLocalWeek', () => {
  it('starts the week on Monday 00:00 local time in Seoul', () => {
    // Sunday 2026-05-10 23:00 KST belongs to the week of Monday 2026-05-04.
    expect(startOfLocalWeek(at('2026-05-10T14:00:00Z'), SEOUL).toISOString()).toBe('2026-05-03T15:00:00.000Z');
    // Monday 2026-05-11 00:00 KST starts a new week.
    expect(startOfLocalWeek(at('2026-05-10T15:00:00Z'), SEOUL).toISOString()).toBe('2026-05-10T15:00:00.000Z');
  });

  it('crosses month and year boundaries', () => {
    expect(startOfLocalWeek(at('2027-01-01T12:00:00Z'), 'UTC').toISOString()).toBe('2026-12-28T00:00:00.000Z');
  });
});

describe('addLocalDays', () => {
  it('keeps the wall time across spring-forward (23 hours later in UTC)', () => {
    expect(addLocalDays(at('2026-03-07T15:00:00.250Z'), 1, NY).toISOString()).toBe('2026-03-08T14:00:00.250Z');
  });

  it('keeps the wall time across fall-back (25 hours later in UTC)', () => {
    expect(addLocalDays(at('2026-10-31T14:00:00Z'), 1, NY).toISOString()).toBe('2026-11-01T15:00:00.000Z');
  });

  it('moves backwards and across months', () => {
    expect(addLocalDays(at('2026-03-01T00:00:00Z'), -1, SEOUL).toISOString()).toBe('2026-02-28T00:00:00.000Z');
    expect(addLocalDays(at('2026-03-01T00:00:00Z'), 7, SEOUL).toISOString()).toBe('2026-03-08T00:00:00.000Z');
  });

  it('moves a skipped wall time to the end of the gap', () => {
    // 02:30 EST on 7 March; 8 March 02:30 does not exist.
    expect(addLocalDays(at('2026-03-07T07:30:00Z'), 1, NY).toISOString()).toBe('2026-03-08T07:00:00.000Z');
  });

  it('refuses a fractional number of days', () => {
    expect(() => addLocalDays(new Date(0), 1.5, 'UTC')).toThrow(RangeError);
  });
});
