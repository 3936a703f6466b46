import { checkQuietHours } from './quiet-hours';

const quiet = { start: '21:00', end: '08:00', categories: ['promotional' as const] };
const SEOUL = 'Asia/Seoul';

describe('checkQuietHours', () => {
  it('defers a promotional message at 22:30 KST to 08:00 KST the next morning', () => {
    expect(checkQuietHours(quiet, 'promotional', new Date('2026-05-01T13:30:00Z'), SEOUL)).toEqual({
      quiet: true,
      until: new Date('2026-05-01T23:00:00Z'),
      reason: 'quiet_hours',
    });
  });

  it('lets a transactional message through during quiet hours by default', () => {
    expect(checkQuietHours(quiet, 'transactional', new Date('2026-05-01T13:30:00Z'), SEOUL)).toEqual({ quiet: false });
  });

  it('holds transactional messages back when the policy lists them', () => {
    const both = { ...quiet, categories: ['promotional' as const, 'transactional' as const] };
    expect(checkQuietHours(both, 'transactional', new Date('2026-05-01T13:30:00Z'), SEOUL).quiet).toBe(true);
  });

  it('includes the start and excludes the end', () => {
    expect(checkQuietHours(quiet, 'promotional', new Date('2026-05-01T12:00:00Z'), SEOUL).quiet).toBe(true);
    expect(checkQuietHours(quiet, 'promotional', new Date('2026-05-01T11:59:59.999Z'), SEOUL).quiet).toBe(false);
    expect(checkQuietHours(quiet, 'promotional', new Date('2026-05-01T22:59:59.999Z'), SEOUL).quiet).toBe(true);
    expect(checkQuietHours(quiet, 'promotional', new Date('2026-05-01T23:00:00Z'), SEOUL).quiet).toBe(false);
  });

  it("uses the user's time zone: 22:30 UTC is 07:30 in Seoul but quiet in UTC", () => {
    const now = new Date('2026-05-01T22:30:00Z');
    expect(checkQuietHours(quiet, 'promotional', now, 'UTC')).toEqual({
      quiet: true,
      until: new Date('2026-05-02T08:00:00Z'),
      reason: 'quiet_hours',
    });
    expect(checkQuietHours(quiet, 'promotional', now, SEOUL).quiet).toBe(true);
    expect(checkQuietHours(quiet, 'promotional', new Date('2026-05-01T23:30:00Z'), SEOUL).quiet).toBe(false);
  });

  it('ends at local 08:00 on a DST morning in New York', () => {
    const verdict = checkQuietHours(quiet, 'promotional', new Date('2026-03-08T03:00:00Z'), 'America/New_York');
    expect(verdict).toEqual({ quiet: true, until: new Date('2026-03-08T12:00:00Z'), reason: 'quiet_hours' });
  });

  it('does nothing without quiet hours', () => {
    expect(checkQuietHours(undefined, 'promotional', new Date('2026-05-01T13:30:00Z'), SEOUL)).toEqual({ quiet: false });
  });
});
