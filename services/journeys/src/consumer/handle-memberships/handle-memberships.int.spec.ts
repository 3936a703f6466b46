import { JourneysParts, OTHER, sendStep } from '../../testing/journeys-parts';
import { HandleMembershipsUseCase } from './handle-memberships.usecase';

const onSegment = (key: string, on: 'enter' | 'exit') => ({
  key,
  name: key,
  entry: { segment: 'vip', on },
  reentry: { mode: 'always' },
  start: 'check',
  steps: { check: { type: 'branch', if: { segment: 'vip' }, then: 'member', else: 'former' }, member: sendStep('member'), former: sendStep('former') },
});

describe('HandleMembershipsUseCase', () => {
  let parts: JourneysParts;
  let handle: HandleMembershipsUseCase;

  beforeAll(async () => {
    parts = await JourneysParts.start();
    handle = parts.handleMemberships;
    await parts.journey(onSegment('vip-welcome', 'enter'));
    await parts.journey(onSegment('vip-farewell', 'exit'));
  });

  afterAll(() => parts?.stop());

  it('starts the journeys entered on the segment, keeping the membership for branches, and skips a redelivered change', async () => {
    const entered = parts.membership('minji', 'vip', 'entered', 1);
    await handle.execute({ changes: [entered] });
    parts.clock.advance(60_000);
    await handle.execute({ changes: [entered, parts.membership('minji', 'vip', 'exited', 2)] });
    expect((await parts.runs('minji')).map((r) => [r.journey.key, r.status])).toEqual([
      ['vip-farewell', 'completed'],
      ['vip-welcome', 'completed'],
    ]);
    expect((await parts.requests('dev')).map((r) => [r.userId, r.journey?.key, r.template])).toEqual([
      ['minji', 'vip-welcome', 'member'],
      ['minji', 'vip-farewell', 'former'],
    ]);
  });

  it('skips the exit segments publishes for an id merged into another user', async () => {
    await handle.execute({ changes: [{ ...parts.membership('anon-1', 'vip', 'exited', 3), mergedInto: 'jiwoo' }] });
    expect(await parts.runs('anon-1')).toEqual([]);
    expect(await parts.runs('jiwoo')).toEqual([]);
  });

  it('keeps workspaces apart: another workspace’s change enters none of this workspace’s journeys', async () => {
    await parts.journey(onSegment('vip-welcome', 'enter'), OTHER.id);
    await handle.execute({ changes: [parts.membership('hana', 'vip', 'entered', 1, OTHER.id)] });
    expect(await parts.runs('hana')).toEqual([]);
    expect((await parts.runs('hana', OTHER.id)).map((r) => r.journey.key)).toEqual(['vip-welcome']);
    expect((await parts.requests(OTHER.id)).map((r) => r.userId)).toEqual(['hana']);
  });
});
