import { SetJourneyStatusUseCase } from '../../definitions/set-journey-status/set-journey-status.usecase';
import { JourneysParts, OTHER, sendStep } from '../../testing/journeys-parts';
import { FireSchedulesUseCase } from './fire-schedules.usecase';

const weekly = {
  key: 'weekly-loyal',
  name: 'Monday note to loyal customers',
  entry: { schedule: '0 10 * * MON', segment: 'loyal' },
  reentry: { mode: 'always' },
  start: 'note',
  steps: { note: sendStep('weekly-note') },
};

describe('FireSchedulesUseCase', () => {
  let parts: JourneysParts;
  let fire: FireSchedulesUseCase;

  beforeAll(async () => {
    parts = await JourneysParts.start();
    fire = new FireSchedulesUseCase(parts.dataSource, parts.config, parts.clock, parts.logger, parts.outbox);
    await parts.journey(weekly);
    await parts.journey(weekly, OTHER.id);
    // Monday 2 November 2026, 09:00 in Seoul: the first occurrence is at 10:00.
    await parts.memberships([
      parts.membership('u-1', 'loyal', 'entered', 1),
      parts.membership('u-2', 'loyal', 'entered', 1),
      parts.membership('u-3', 'loyal', 'entered', 1),
      parts.membership('u-gone', 'loyal', 'entered', 1),
      parts.membership('u-theirs', 'loyal', 'entered', 1, OTHER.id),
    ]);
    await parts.memberships([parts.membership('u-gone', 'loyal', 'exited', 2)]);
  });

  afterAll(() => parts?.stop());

  it('claims nothing before the occurrence', async () => {
    parts.clock.set(Date.UTC(2026, 10, 2, 0, 59));
    expect(await fire.execute({ pageSize: 2 })).toBe(0);
    expect(await parts.requests()).toEqual([]);
  });

  it('enters the current members page by page at the occurrence, once each, then waits for the next occurrence', async () => {
    parts.clock.set(Date.UTC(2026, 10, 2, 1, 0)); // Monday 10:00 in Seoul
    let claimed = 0;
    for (let pass = 0; pass < 10; pass++) claimed += await fire.execute({ pageSize: 2 });
    expect(claimed).toBe(3); // dev: a full page and the last; other: one page
    expect(await parts.sentTo('weekly-note')).toEqual(['u-1', 'u-2', 'u-3']);
    expect(await parts.sentTo('weekly-note', OTHER.id)).toEqual(['u-theirs']);

    parts.clock.set(Date.UTC(2026, 10, 9, 0, 59)); // a minute before the next Monday 10:00
    expect(await fire.execute({ pageSize: 2 })).toBe(0);
    parts.clock.set(Date.UTC(2026, 10, 9, 1, 0));
    for (let pass = 0; pass < 10; pass++) await fire.execute({ pageSize: 100 });
    expect(await parts.sentTo('weekly-note')).toEqual(['u-1', 'u-1', 'u-2', 'u-2', 'u-3', 'u-3']);
  });

  it('does not fire the schedule of a paused journey', async () => {
    await new SetJourneyStatusUseCase(parts.dataSource, parts.clock).execute({ workspaceId: 'dev', idOrKey: 'weekly-loyal', action: 'pause' });
    parts.clock.set(Date.UTC(2026, 10, 16, 1, 0));
    for (let pass = 0; pass < 10; pass++) await fire.execute({ pageSize: 100 });
    expect((await parts.sentTo('weekly-note')).length).toBe(6);
    expect(await parts.sentTo('weekly-note', OTHER.id)).toEqual(['u-theirs', 'u-theirs', 'u-theirs']);
  });
});
