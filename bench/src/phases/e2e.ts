import { Phase, ratio } from '../context';
import { stream, StreamEvent } from '../e2e/drive';
import { prepare, warmUpStream } from '../e2e/prepare';
import { halfRateLatency } from '../e2e/latency';
import { drainRate, searchMaxRate } from '../e2e/throughput';
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
    const target = await prepare(stack, ws, { users: sz.users, segments: shopSegments(), lifecycle: true, journeys: shopJourneys(), messagesFor, drainTimeoutMs: ctx.quick ? 120_000 : 600_000 }, warmUpStream(sz.users));
    const b1 = ctx.baselines.b1;
    const estimate = await drainRate(target, stream(11, sz.probeEvents, sz.users, 0), 'M2 burst');
    ctx.add({ id: 'M2.burst', name: `end to end: a burst of ${sz.probeEvents} events drained (last message at the sink, no lag)`, value: estimate, unit: 'events/s', baseline: { id: 'B1', value: b1 }, ratio: ratio(estimate, b1) });
    const makeEvents = (rate: number, attempt: number) => stream(12 + attempt, Math.round(rate * sz.holdSeconds), sz.users, 100_000 * (attempt + 1));
    const { best, failed } = await searchMaxRate(target, estimate, sz.holdTries, makeEvents, sz.lagBoundSeconds);
    const m2 = best ? best.rate : null;
    ctx.maxEndToEndRate = m2;
    const sizes = `20 segments, 10 journeys, ${sz.users.toLocaleString('en-US')} users, 10 % of events → a message`;
    const holdNote = `${ctx.quick ? `quick: held ${sz.holdSeconds} s (full: 120 s)` : `held ${sz.holdSeconds} s`}; lag bound ${sz.lagBoundSeconds} s of events`;
    const missedNote = failed ? `lag not bounded even at ${round(failed.rate, 0)} events/s (lag ${failed.maxLag}, bound ${failed.bound}: ${failed.where})` : 'no hold ran';
    const aboveNote = best && failed ? `; at ${round(failed.rate, 0)} events/s lag grew to ${failed.maxLag} (${failed.where})` : '';
    ctx.add({ id: 'M2', name: `end-to-end events/s sustained (events → segments → journeys → messaging → webhook sink; ${sizes})`, value: m2, unit: 'events/s', baseline: { id: 'B1', value: b1 }, ratio: ratio(m2, b1), target: '≥ 0.15', met: (ratio(m2, b1) ?? 0) >= 0.15, note: best ? `${holdNote}${aboveNote}` : `${holdNote}; ${missedNote}` });
    if (best) ctx.add({ id: 'M2.lag', name: `backlog at ${round(best.rate, 0)} events/s, the most over the second half of the hold (consumer lag of all groups plus events not yet in Kafka; ${best.where})`, value: best.maxLag, unit: 'messages', target: `≤ ${best.bound}`, met: best.maxLag <= best.bound });
    await halfRateLatency(ctx, target, m2, sz.halfSeconds, sz.users);
    await target.backlog.close();
  },
};
