import { upliftInterval } from '@cairn/journeys-domain';
import { greeting, JourneysParts, MINUTE, OTHER } from '../../testing/journeys-parts';
import { JourneyUpliftUseCase } from './journey-uplift.usecase';

const USERS = Array.from({ length: 20 }, (_, i) => `u-${String(i).padStart(2, '0')}`);
const offer = (holdout: number) => ({ ...greeting('offer'), holdout, goal: { event: 'Order Completed', within: '7d' } });

describe('JourneyUpliftUseCase', () => {
  let parts: JourneysParts;
  let uplift: JourneyUpliftUseCase;

  beforeAll(async () => {
    parts = await JourneysParts.start();
    uplift = new JourneyUpliftUseCase(parts.dataSource);
  });

  afterAll(() => parts?.stop());

  it('compares the treatment and holdout conversion of a version, with the uplift and its interval', async () => {
    const journey = await parts.journey(offer(0.5));
    await parts.events(USERS.map((u) => parts.track(u, 'Signed Up')));
    parts.clock.advance(MINUTE);
    await parts.events(USERS.slice(0, 8).map((u) => parts.track(u, 'Order Completed')));
    // Another workspace's runs of a journey of the same key do not count.
    await parts.journey(offer(0.5), OTHER.id);
    await parts.events([parts.track('u-00', 'Signed Up', {}, { workspaceId: OTHER.id })]);

    const groups = { treatment: { entered: 0, converted: 0 }, holdout: { entered: 0, converted: 0 } };
    for (const user of USERS) {
      const [run] = await parts.runs(user);
      const group = groups[run.group as 'treatment' | 'holdout'];
      group.entered++;
      if (run.converted) group.converted++;
    }
    expect(groups.treatment.converted + groups.holdout.converted).toBe(8);
    const view = await uplift.execute({ workspaceId: 'dev', idOrKey: 'offer', version: 'current', confidence: 0.9 });
    const rate = (g: { entered: number; converted: number }) => (g.entered ? g.converted / g.entered : null);
    expect(view).toMatchObject({
      journey: { id: journey.id, key: 'offer' },
      version: 1,
      goal: { event: 'Order Completed', within: '7d' },
      treatment: { ...groups.treatment, rate: rate(groups.treatment) },
      holdout: { ...groups.holdout, rate: rate(groups.holdout) },
    });
    // The groups are drawn per user; twenty users put some in each.
    expect(groups.treatment.entered).toBeGreaterThan(0);
    expect(groups.holdout.entered).toBeGreaterThan(0);
    const interval = upliftInterval(groups.treatment, groups.holdout, 0.9)!;
    expect(view.uplift.absolute).toBeCloseTo(rate(groups.treatment)! - rate(groups.holdout)!);
    expect(view.uplift.interval).toEqual({ lower: interval.lower, upper: interval.upper, confidence: 0.9, method: interval.method });
    expect(view.uplift.reason).toBeUndefined();
  });

  it('has no interval, and says why, while a group has no entrants', async () => {
    await parts.journey(offer(0));
    await parts.events([parts.track('late', 'Signed Up')]);
    const view = await uplift.execute({ workspaceId: 'dev', idOrKey: 'offer', version: 2, confidence: 0.95 });
    expect(view).toMatchObject({
      version: 2,
      treatment: { entered: 1, converted: 0, rate: 0 },
      holdout: { entered: 0, converted: 0, rate: null },
      uplift: { absolute: null, relative: null, interval: null, reason: 'holdout: nobody entered' },
    });
  });

  it('answers 404 for an unknown version or another workspace’s journey', async () => {
    await expect(uplift.execute({ workspaceId: 'dev', idOrKey: 'offer', version: 3, confidence: 0.95 })).rejects.toMatchObject({
      status: 404,
      code: 'NOT_FOUND',
    });
    const theirs = await parts.journey(greeting('theirs'), OTHER.id);
    await expect(uplift.execute({ workspaceId: 'dev', idOrKey: theirs.id, version: 'current', confidence: 0.95 })).rejects.toMatchObject({ status: 404 });
  });
});
