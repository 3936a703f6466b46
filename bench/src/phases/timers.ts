import { Phase, ratio } from '../context';
import { timerTrial } from '../timers';

/**
 * M4: timers due at the same minute, armed through the journeys consumer,
 * alone and with a background of pending timers seeded in bulk. Messaging is
 * stopped first so the requests stay unprocessed.
 */
export const timersPhase: Phase = {
  name: 'timers',
  async run(ctx) {
    const { size, quick, infra, prefix } = ctx;
    await ctx.retire('messaging');
    const journeys = await ctx.service('journeys');
    const small = await timerTrial(infra, journeys.url, prefix, size.timerFire, 0, 'a', 200);
    ctx.add({
      id: 'M4.small',
      name: `timers: ${size.timerFire} due at once, ${small.pending} pending${small.armedInTime ? '' : ' (armed late)'}`,
      value: small.firesPerSecond,
      unit: 'fires/s',
      note: `lateness p50 ${small.latenessP50Ms} ms, p99 ${small.latenessP99Ms} ms`,
    });
    const large = await timerTrial(infra, journeys.url, prefix, size.timerFire, size.timerBackground, 'b', small.armRate);
    const timerRatio = ratio(large.firesPerSecond, small.firesPerSecond);
    const seeded = `${size.timerBackground} background timers seeded in bulk at ${Math.round(large.seedRowsPerSecond ?? 0)} runs/s`;
    ctx.add({
      id: 'M4',
      name: `timers: ${size.timerFire} due at once, ${large.pending} pending${large.armedInTime ? '' : ' (armed late)'}${quick ? ' (quick: issue asks 1,000,000 vs 10,000)' : ''}`,
      value: large.firesPerSecond,
      unit: 'fires/s',
      baseline: { id: 'M4.small', value: small.firesPerSecond },
      ratio: timerRatio,
      target: '≥ 0.8',
      met: (timerRatio ?? 0) >= 0.8,
      note: seeded,
    });
    ctx.add({
      id: 'M4.late',
      name: `timer lateness p99 (fire minus due) with ${large.pending} pending; p50 ${large.latenessP50Ms} ms`,
      value: large.latenessP99Ms,
      unit: 'ms',
      target: '≤ 1000 ms',
      met: large.latenessP99Ms <= 1000,
    });
  },
};
