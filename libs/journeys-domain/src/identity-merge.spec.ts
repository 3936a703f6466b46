import { mergeRuns, MERGED_EXIT_REASON, RunOf } from './identity-merge';
import type { JourneyRun } from './run';
import { HOUR, MINUTE, T0 } from './test-fixtures';

function run(id: string, userId: string, episode: number, enteredAt: number, status: JourneyRun['status'] = 'active'): JourneyRun {
  return {
    id,
    journeyKey: 'cart',
    version: 1,
    userId,
    episode,
    status,
    step: 'wait',
    group: 'treatment',
    enteredAt,
    context: { entry: { kind: 'event', event: 'Product Added', properties: { cartId: id }, at: enteredAt }, user: {} },
    occurrences: { wait: 1 },
    ...(status === 'active' ? { waiting: { kind: 'timer' as const, step: 'wait', occurrence: 1, until: enteredAt + HOUR } } : { endedAt: enteredAt + HOUR }),
  };
}

const of = (journeyId: string, r: JourneyRun): RunOf => ({ journeyId, run: r });
const now = T0 + 2 * HOUR;

describe('mergeRuns', () => {
  it("moves the merged id's runs to the user with the next free episodes, in the order they began, and the merged traits", () => {
    const result = mergeRuns({
      into: 'kim',
      traits: { name: '김' },
      merged: [
        of('j1', run('r2', 'anon', 2, T0 + MINUTE, 'completed')),
        of('j1', run('r1', 'anon', 1, T0, 'completed')),
        of('j2', run('r3', 'anon', 1, T0 + 2 * MINUTE)),
      ],
      userActive: [],
      lastEpisodes: new Map([['j1', 4]]),
      now,
    });
    expect(result.exited).toEqual([]);
    expect(result.moved.map((m) => [m.journeyId, m.run.id, m.run.userId, m.run.episode, m.run.status])).toEqual([
      ['j1', 'r1', 'kim', 5, 'completed'],
      ['j1', 'r2', 'kim', 6, 'completed'],
      ['j2', 'r3', 'kim', 1, 'active'],
    ]);
    expect(result.moved.every((m) => m.run.context.user.name === '김')).toBe(true);
    expect(result.moved[0].run.context.entry).toEqual(run('r1', 'anon', 1, T0).context.entry);
  });

  it('keeps one active run of a journey: the one that began first goes on, the other exits as merged', () => {
    const earlyAnonymous = mergeRuns({
      into: 'kim',
      traits: {},
      merged: [of('j1', run('anon-run', 'anon', 1, T0))],
      userActive: [of('j1', run('kim-run', 'kim', 1, T0 + MINUTE))],
      lastEpisodes: new Map([['j1', 1]]),
      now,
    });
    expect(earlyAnonymous.moved.map((m) => [m.run.id, m.run.status, m.run.episode])).toEqual([['anon-run', 'active', 2]]);
    expect(earlyAnonymous.exited.map((m) => [m.run.id, m.run.userId, m.run.status, m.run.exitReason, m.run.endedAt, m.run.waiting])).toEqual([
      ['kim-run', 'kim', 'exited', MERGED_EXIT_REASON, now, undefined],
    ]);

    const lateAnonymous = mergeRuns({
      into: 'kim',
      traits: {},
      merged: [of('j1', run('anon-run', 'anon', 1, T0 + MINUTE))],
      userActive: [of('j1', run('kim-run', 'kim', 1, T0))],
      lastEpisodes: new Map([['j1', 1]]),
      now,
    });
    expect(lateAnonymous.moved.map((m) => [m.run.id, m.run.userId, m.run.status, m.run.exitReason, m.run.episode])).toEqual([
      ['anon-run', 'kim', 'exited', MERGED_EXIT_REASON, 2],
    ]);
    expect(lateAnonymous.exited.map((m) => m.run.id)).toEqual(['anon-run']);
  });

  it('leaves an ended run of the merged id alone beside an active run of the user', () => {
    const result = mergeRuns({
      into: 'kim',
      traits: {},
      merged: [of('j1', run('anon-run', 'anon', 1, T0 + MINUTE, 'completed'))],
      userActive: [of('j1', run('kim-run', 'kim', 1, T0))],
      lastEpisodes: new Map([['j1', 1]]),
      now,
    });
    expect(result.exited).toEqual([]);
    expect(result.moved.map((m) => [m.run.status, m.run.episode])).toEqual([['completed', 2]]);
  });
});
