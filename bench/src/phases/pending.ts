import { Phase } from '../context';

/** Figures the harness does not measure yet, printed as such so the table shows every metric of the issue. */
export const pendingPhase: Phase = {
  name: 'pending',
  async run(ctx) {
    const notYet = (id: string, name: string, target: string, reason: string) => ctx.add({ id, name, value: null, unit: '', target, met: null, note: reason });
  },
};
