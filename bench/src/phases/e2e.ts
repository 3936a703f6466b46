import { Phase, ratio } from '../context';
import { stream, StreamEvent } from '../e2e/drive';
import { cpuFigures } from '../e2e/cpu-split';
import { prepare, warmUpStream } from '../e2e/prepare';
import { halfRateLatency } from '../e2e/latency';
import { drainRate, Hold, searchMaxRate } from '../e2e/throughput';
import { MESSAGE_EVENTS, shopJourneys, shopSegments } from '../e2e/workload';
import { round } from '../measure';

const messagesFor = (events: StreamEvent[]) => events.filter((e) => MESSAGE_EVENTS.includes(e.event)).length;

/**
 * M2: the highest rate the four services sustain with 20 segments and 10
 * journeys, 10 % of events leading to a message at the sink, consumer lag
 * bounded; then M3.half, latency at half that rate.
 */
export const e2ePhase: Phase = {
  name: 'e2e',
  usesE2e: true,
  async run(ctx) {
    const sz = ctx.e2eSize;
    const stack = await ctx.e2e();
    const ws = stack.workspaces[0];
    const target = await prepare(
      stack,
      ws,
      { users: sz.users, segments: shopSegments(), lifecycle: true, journeys: shopJourneys(), messagesFor, drainTimeoutMs: ctx.quick ? 120_000 : 600_000 },
      warmUpStream(sz.users),
    );
    const b1 = ctx.baselines.b1;
    const estimate = await drainRate(target, stream(11, sz.probeEvents, sz.users, 0), 'M2 burst');
    ctx.add({
      id: 'M2.burst',
      name: `end to end: a burst of ${sz.probeEvents} events drained (last message at the sink, no lag)`,
      value: estimate,
      unit: 'events/s',
      baseline: { id: 'B1', value: b1 },
      ratio: ratio(estimate, b1),
    });
    const makeEvents = (rate: number, attempt: number) => stream(12 + attempt, Math.round(rate * sz.holdSeconds), sz.users, 100_000 * (attempt + 1));
    const { best, failed } = await searchMaxRate(target, estimate, sz.holdTries, makeEvents, sz.lagBoundSeconds);
    const m2 = best ? best.rate : null;
    const sizes = `20 segments, 10 journeys, ${sz.users.toLocaleString('en-US')} users, 10 % of events → a message`;
    const holdNote = `${ctx.quick ? `quick: holds of ${sz.holdSeconds} s (full: 120 s)` : `holds of ${sz.holdSeconds} s`}; held = no stage over ${sz.lagBoundSeconds} s of events behind and no growth`;
    const failedNote = (h: Hold) =>
      `at ${round(h.rate, 0)} events/s the largest lag was ${h.maxLag} (bound ${h.bound}), growth ${h.growth} (bound ${h.growthBound}): ${h.where}`;
    const note = best ? `${holdNote}${failed ? `; ${failedNote(failed)}` : ''}` : `${holdNote}; no rate held; ${failed ? failedNote(failed) : 'no hold ran'}`;
    ctx.add({
      id: 'M2',
      name: `end-to-end events/s sustained (events → segments → journeys → messaging → webhook sink; ${sizes})`,
      value: m2,
      unit: 'events/s',
      baseline: { id: 'B1', value: b1 },
      ratio: ratio(m2, b1),
      target: '≥ 0.15',
      met: (ratio(m2, b1) ?? 0) >= 0.15,
      note,
    });
    if (best)
      ctx.add({
        id: 'M2.lag',
        name: `largest lag of one stage at ${round(best.rate, 0)} events/s over the second half of the hold (${best.where}); growth ${best.growth}`,
        value: best.maxLag,
        unit: 'messages',
        target: `≤ ${best.bound}`,
        met: best.maxLag <= best.bound,
      });
    // Where the time goes at the held rate: each process's CPU per event of the hold, until it drained.
    if (best) for (const f of cpuFigures('M2', `at ${round(best.rate, 0)} events/s held`, best.cpu)) ctx.add(f);
    // Half of the maximum; when no rate held, half of the lowest rate tried, and the figure says so.
    const basis = best
      ? { rate: best.rate, what: 'the maximum end-to-end rate' }
      : failed
        ? { rate: failed.rate, what: 'the lowest rate tried (no rate held)' }
        : null;
    await halfRateLatency(ctx, target, basis, sz.halfSeconds, sz.users);
    await target.backlog.close();
  },
};
