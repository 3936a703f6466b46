import { Phase, ratio } from '../context';
import { stream, StreamEvent } from '../e2e/drive';
import { prepare, warmUpStream } from '../e2e/prepare';
import { SWEEP_HOT_SEGMENTS } from '../e2e/sizes';
import { drainRate, Target } from '../e2e/throughput';
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
    const targets: Target[] = [];
    for (const [i, config] of sz.sweep.entries()) {
      const ws = stack.workspaces[1 + i];
      targets.push(
        await prepare(
          stack,
          ws,
          {
            users: config.users,
            segments: sweepSegments(config.segments, SWEEP_HOT_SEGMENTS),
            lifecycle: false,
            journeys: sweepJourneys(),
            messagesFor,
            drainTimeoutMs: ctx.quick ? 120_000 : 600_000,
          },
          warmUpStream(config.users, HOT),
        ),
      );
    }
    // Rounds alternate over the configurations, so a slow moment of the machine does not land on one of them only.
    const measured: number[][] = sz.sweep.map(() => []);
    for (let round = 0; round < sz.sweepRounds; round++) {
      for (const [i, config] of sz.sweep.entries()) {
        const events = stream(31 + round, sz.sweepEvents, config.users, round * sz.sweepEvents, HOT);
        measured[i].push(await drainRate(targets[i], events, `M8 ${label(config.users, config.segments)}, round ${round + 1}`));
      }
    }
    const rates = measured.map((rs) => rs.reduce((a, b) => a + b, 0) / rs.length);
    for (const [i, config] of sz.sweep.entries()) {
      await targets[i].backlog.close();
      ctx.add({
        id: `M8.${i + 1}`,
        name: `end to end, ${label(config.users, config.segments)} (${SWEEP_HOT_SEGMENTS} on the hot event), mean of ${sz.sweepRounds} bursts of ${sz.sweepEvents} drained`,
        value: rates[i],
        unit: 'events/s',
        baseline: { id: 'B1', value: ctx.baselines.b1 },
        ratio: ratio(rates[i], ctx.baselines.b1),
        note: `rounds: ${measured[i].map((r) => Math.round(r)).join(', ')}`,
      });
    }
    const first = sz.sweep[0];
    const lastConfig = sz.sweep[sz.sweep.length - 1];
    const keep = ratio(rates[rates.length - 1], rates[0]);
    ctx.add({
      id: 'M8',
      name: `scale sweep: ${label(lastConfig.users, lastConfig.segments)} vs ${label(first.users, first.segments)}`,
      value: rates[rates.length - 1],
      unit: 'events/s',
      baseline: { id: 'M8.1', value: rates[0] },
      ratio: keep,
      target: '≥ 0.8',
      met: (keep ?? 0) >= 0.8,
      note: sz.sweepNote || undefined,
    });
  },
};
