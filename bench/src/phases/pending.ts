import { Phase } from '../context';

/** Figures the harness does not measure yet, printed as such so the table shows every metric of the issue. */
export const pendingPhase: Phase = {
  name: 'pending',
  async run(ctx) {
    const notYet = (id: string, name: string, target: string, reason: string) => ctx.add({ id, name, value: null, unit: '', target, met: null, note: reason });
    notYet('M2', 'end-to-end events/s (events → segments → journeys → messaging → sink)', 'ratio to B1 ≥ 0.15', 'the bench does not yet drive the four services together with 20 segments and 10 journeys');
    notYet('M3.half', 'event → message delivered at half of the maximum rate', '', 'needs the maximum end-to-end rate of M2');
    notYet('M8', 'scale sweep', 'largest ≥ 0.8 of smallest', 'needs M2; full mode only');
  },
};
