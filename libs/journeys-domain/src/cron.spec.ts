import { isValidCron, nextCronTime, parseCron } from './cron';

const utc = (iso: string) => new Date(iso);

describe('cron', () => {
  it('parses lists, ranges, steps and names', () => {
    const c = parseCron('*/15 9-17 1,15 JAN-MAR mon-fri');
    expect([...c.minutes]).toEqual([0, 15, 30, 45]);
    expect([...c.hours]).toEqual([9, 10, 11, 12, 13, 14, 15, 16, 17]);
    expect([...c.daysOfMonth]).toEqual([1, 15]);
    expect([...c.months]).toEqual([1, 2, 3]);
    expect([...c.daysOfWeek]).toEqual([1, 2, 3, 4, 5]);
    expect([...parseCron('0 0 * * 7').daysOfWeek]).toEqual([0]);
  });

  it.each([
    '',
    '* * * *',
    '* * * * * *',
    '60 * * * *',
    '* 24 * * *',
    '* * 0 * *',
    '* * * 13 *',
    '* * * * 8',
    '*/0 * * * *',
    '5-1 * * * *',
    'x * * * *',
    '1/2/3 * * * *',
  ])('refuses %p', (expr) => {
    expect(isValidCron(expr)).toBe(false);
    expect(() => parseCron(expr)).toThrow(RangeError);
  });

  it('finds the next Monday 10:00 in Seoul, strictly after the given instant', () => {
    // 2026-03-02 is a Monday; 10:00 KST = 01:00Z.
    expect(nextCronTime('0 10 * * MON', utc('2026-03-01T00:00:00Z'), 'Asia/Seoul')).toEqual(utc('2026-03-02T01:00:00Z'));
    expect(nextCronTime('0 10 * * MON', utc('2026-03-02T01:00:00Z'), 'Asia/Seoul')).toEqual(utc('2026-03-09T01:00:00Z'));
  });

  it('uses the wall clock across a DST change', () => {
    // New York moves to summer time on 2026-03-08.
    expect(nextCronTime('30 9 * * *', utc('2026-03-07T15:00:00Z'), 'America/New_York')).toEqual(utc('2026-03-08T13:30:00Z'));
  });

  it('matches either day field when both are restricted', () => {
    // 13th of the month or a Friday: 2026-03-06 is a Friday, before the 13th.
    expect(nextCronTime('0 0 13 * FRI', utc('2026-03-02T00:00:00Z'), 'UTC')).toEqual(utc('2026-03-06T00:00:00Z'));
  });

  it('finds 29 February and gives up on 31 February', () => {
    expect(nextCronTime('0 0 29 2 *', utc('2026-03-01T00:00:00Z'), 'UTC')).toEqual(utc('2028-02-29T00:00:00Z'));
    expect(nextCronTime('0 0 31 2 *', utc('2026-03-01T00:00:00Z'), 'UTC')).toBeNull();
  });
});
