import { AllInOneProcess, npmStartNodeFlags } from '../all-in-one/all-in-one-process';
import { managementBurst, playWalkthrough } from '../all-in-one/walkthrough';
import { Phase } from '../context';
import { round } from '../measure';
import { progress } from '../report';

/** The all-in-one's resident memory must stay at or under this after the walkthrough and a burst of management calls. */
const TARGET_MIB = 300;

/**
 * A1–A3: resident memory of `npm start`'s process (its node flags, the
 * embedded database in a fresh folder, the in-process bus, the demo seed)
 * after README.md's walkthrough and after a burst of management calls
 * (reads of every API and the four OpenAPI documents, template and consent
 * writes; 8 at a time), and its peak over the run. From /proc (VmRSS, VmHWM).
 */
export const allInOnePhase: Phase = {
  name: 'all-in-one',
  async run(ctx) {
    const calls = ctx.quick ? 2_000 : 10_000;
    const proc = await AllInOneProcess.start();
    try {
      progress(`all-in-one up (pid ${proc.child.pid}, node ${npmStartNodeFlags().join(' ')}); playing the walkthrough`);
      await playWalkthrough(proc.url);
      const afterWalkthrough = proc.rss().now;
      ctx.add({
        id: 'A1',
        name: 'all-in-one (npm start): RSS after the README walkthrough',
        value: afterWalkthrough,
        unit: 'MiB',
        target: `≤ ${TARGET_MIB}`,
        met: afterWalkthrough <= TARGET_MIB,
      });
      const started = performance.now();
      await managementBurst(proc.url, calls);
      const seconds = (performance.now() - started) / 1000;
      const { now, peak } = proc.rss();
      ctx.add({
        id: 'A2',
        name: `all-in-one: RSS after ${calls.toLocaleString('en-US')} management calls (8 at a time, ${round(calls / seconds)} calls/s)`,
        value: now,
        unit: 'MiB',
        target: `≤ ${TARGET_MIB}`,
        met: now <= TARGET_MIB,
      });
      ctx.add({ id: 'A3', name: 'all-in-one: peak RSS (VmHWM) from start to the end of the burst', value: peak, unit: 'MiB' });
    } finally {
      await proc.stop();
    }
  },
};
