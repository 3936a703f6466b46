import { Phase, ratio } from '../context';
import { CAP_LIMIT, frequencyCap } from '../frequency-cap';

/** M6: frequency-cap decisions of the messaging service, vs B3; over-cap sends counted from outcomes and at the sink. */
export const capsPhase: Phase = {
  name: 'caps',
  async run(ctx) {
    const { size, sink } = ctx;
    const messaging = await ctx.messaging();
    const cap = await frequencyCap(ctx.infra, messaging.child.pid!, ctx.prefix, size.capUsers, 32);
    const sinkByUser = new Map<string, number>();
    for (const d of sink.deliveries) sinkByUser.set(String(d.body.userId), (sinkByUser.get(String(d.body.userId)) ?? 0) + 1);
    const overCapAtSink = [...sinkByUser.values()].reduce((s, n) => s + Math.max(0, n - CAP_LIMIT), 0);
    const b3 = ctx.baselines.b3;
    const m6 = ratio(cap.decisionsPerSecond, b3);
    ctx.add({
      id: 'M6',
      name: `frequency-cap decisions, ${size.capUsers} users × 32 requests at once`,
      value: cap.decisionsPerSecond,
      unit: 'decisions/s',
      baseline: { id: 'B3', value: b3 },
      ratio: m6,
      target: '≥ 0.3',
      met: (m6 ?? 0) >= 0.3,
    });
    const over = Math.max(cap.overCapSends, overCapAtSink);
    ctx.add({
      id: 'M6.over',
      name: `over-cap sends (outcomes SENT beyond the cap of ${CAP_LIMIT}; ${cap.sent} sent, ${cap.suppressed} suppressed; ${overCapAtSink} over cap at the sink)`,
      value: over,
      unit: 'sends',
      target: '= 0',
      met: over === 0,
    });
    ctx.add({ id: 'M6.cpu', name: 'messaging service CPU per decision', value: cap.cpuUsPerDecision, unit: 'CPU-µs/decision' });
  },
};
