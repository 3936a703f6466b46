import { Effect, JourneyRun } from '@cairn/journeys-domain';
import { RunEffects } from '../runs/run-effects';
import { withoutCancelledTimers } from './batch-effects';

const run = (id: string) => ({ id, userId: 'u1' }) as JourneyRun;
const item = (id: string, ...effects: Effect[]): RunEffects => ({ workspaceId: 'w1', run: run(id), effects });
const timer = (step: string, occurrence = 1): Effect => ({ type: 'scheduleTimer', step, occurrence, dueAt: 1000 });
const cancel: Effect = { type: 'cancelTimers' };
const exited: Effect = { type: 'exited', reason: 'exit_criteria' };

describe('effects of a batch that steps a run several times', () => {
  it('drops a timer the run scheduled earlier in the batch and then cancelled', () => {
    const out = withoutCancelledTimers([item('r1', timer('wait')), item('r1', cancel, exited)]);
    expect(out.map((i) => i.effects)).toEqual([[], [cancel, exited]]);
  });

  it('keeps a timer scheduled after the cancellation, in the same step or a later one', () => {
    const out = withoutCancelledTimers([item('r1', timer('a')), item('r1', cancel, timer('b')), item('r1', timer('c'))]);
    expect(out.map((i) => i.effects)).toEqual([[], [cancel, timer('b')], [timer('c')]]);
  });

  it("leaves other runs' timers and the order of the items alone", () => {
    const out = withoutCancelledTimers([item('r1', timer('a')), item('r2', timer('x')), item('r1', cancel)]);
    expect(out.map((i) => [i.run.id, i.effects])).toEqual([
      ['r1', []],
      ['r2', [timer('x')]],
      ['r1', [cancel]],
    ]);
  });
});
