import { Phase, ratio } from '../context';
import { stream, StreamEvent } from '../e2e/drive';
import { prepare, warmUpStream } from '../e2e/prepare';
import { SWEEP_HOT_SEGMENTS } from '../e2e/sizes';
import { drainRate } from '../e2e/throughput';
import { sweepJourneys, sweepSegments } from '../e2e/workload';

const HOT = 'Product Viewed';
const messagesFor = (events: StreamEvent[]) => events.filter((e) => Number(e.properties.price) <= 5_000).length;
const label = (users: number, segments: number) => `${users.toLocaleString('en-US')} users × ${segments} segments`;

/**
 * M8: end-to-end events/s (a burst of hot events drained to the last message)
 * per configuration of users × segments, each in a workspace of its own, of
 * which 10 segments reference the hot event; the largest must keep ≥ 0.8 of
 * the smallest.
 */
export const sweepPhase: Phase = {
  name: 'sweep',
  usesE2e: true,
  async run(ctx) {
    const sz = ctx.e2eSize;
    const stack = await ctx.e2e();
    const rates: number[] = [];
    for (const [i, config] of sz.sweep.entries()) {
      const ws = stack.workspaces[1 + i];
      const target = await prepare(stack, ws, { users: config.users, segments: sweepSegments(config.segments, SWEEP_HOT_SEGMENTS), lifecycle: false, journeys: sweepJourneys(), messagesFor, drainTimeoutMs: ctx.quick ? 120_000 : 600_000 }, warmUpStream(config.users, HOT));
      const rate = await drainRate(target, stream(31 + i, sz.sweepEvents, config.users, 0, HOT), `M8 ${label(config.users, config.segments)}`);
      await target.backlog.close();
      rates.push(rate);
      ctx.add({ id: `M8.${i + 1}`, name: `end to end, ${label(config.users, config.segments)} (${SWEEP_HOT_SEGMENTS} on the hot event), a burst of ${sz.sweepEvents} drained`, value: rate, unit: 'events/s', baseline: { id: 'B1', value: ctx.baselines.b1 }, ratio: ratio(rate, ctx.baselines.b1) });
    }
    const first = sz.sweep[0];
    const lastConfig = sz.sweep[sz.sweep.length - 1];
    const keep = ratio(rates[rates.length - 1], rates[0]);
    ctx.add({ id: 'M8', name: `scale sweep: ${label(lastConfig.users, lastConfig.segments)} vs ${label(first.users, first.segments)}`, value: rates[rates.length - 1], unit: 'events/s', baseline: { id: 'M8.1', value: rates[0] }, ratio: keep, target: '≥ 0.8', met: (keep ?? 0) >= 0.8, note: sz.sweepNote || undefined });
  },
};
