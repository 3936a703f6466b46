import { BenchContext, ratio } from '../context';
import { latencyHistogram, summarize } from '../measure';
import { progress } from '../report';
import { drained, openLoopBatches, stream } from './drive';
import { poster, Target } from './throughput';
import { MESSAGE_EVENTS } from './workload';

/**
 * M3.half: the M2 workload, open loop at half of M2's rate (a /v1/batch
 * request every 20 ms with the events due by then); latency from each
 * message-leading event's intended send instant to its message's arrival at
 * the sink (HdrHistogram; no coordinated omission).
 */
export async function halfRateLatency(
  ctx: BenchContext,
  t: Target,
  basis: { rate: number; what: string } | null,
  seconds: number,
  users: number,
): Promise<void> {
  if (basis === null) {
    ctx.add({
      id: 'M3.half.p99',
      name: 'event → message delivered, p99 at half of the maximum end-to-end rate',
      value: null,
      unit: 'ms',
      note: 'M2 ran no hold',
    });
    return;
  }
  const rate = Math.max(1, Math.round(basis.rate / 2));
  const firstSeq = 1_000_000;
  const events = stream(21, Math.round(rate * seconds), users, firstSeq);
  const p = poster(t);
  const { intendedUs } = await openLoopBatches(p, events, rate, 20);
  const wanted = events.map((e, i) => ({ i, seq: e.properties.seq })).filter((x) => MESSAGE_EVENTS.includes(events[x.i].event));
  progress(`  M3.half: ${events.length} events at ${rate}/s, waiting for ${wanted.length} messages`);
  const deadline = Date.now() + 60_000;
  const arrived = () => wanted.filter((w) => t.stack.tracker.arrivedUs.has(w.seq)).length;
  while (arrived() < wanted.length - p.failed && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  await drained(t.backlog, p, () => 0, 0, t.drainTimeoutMs).catch((e: Error) => progress(`  M3.half: ${e.message}`));
  const histogram = latencyHistogram();
  for (const w of wanted) {
    const at = t.stack.tracker.arrivedUs.get(w.seq);
    if (at !== undefined) histogram.recordValue(Math.max(1, at - intendedUs(w.i)));
  }
  const s = summarize(histogram);
  const lost = wanted.length - s.count;
  const none = s.count === 0 ? { value: null, note: 'no message was delivered within 60 s' } : {};
  const note = `M2 workload at ${rate} events/s for ${seconds} s, ${wanted.length} messages${lost > 0 ? `; ${lost} not delivered within 60 s` : ''}`;
  const b1p99 = ctx.baselines.b1P99;
  ctx.add({
    id: 'M3.half.p50',
    name: `event → message delivered, p50 at half of ${basis.what} (${rate} events/s, open loop)`,
    value: s.p50Ms,
    unit: 'ms',
    note,
    ...none,
  });
  ctx.add({
    id: 'M3.half.p99',
    name: `event → message delivered, p99 at half of ${basis.what} (${rate} events/s, open loop)`,
    value: s.p99Ms,
    unit: 'ms',
    baseline: { id: 'B1.p99', value: b1p99 },
    ratio: ratio(s.p99Ms, b1p99),
    ...none,
  });
}
