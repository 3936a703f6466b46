import { BenchContext, ratio } from '../context';
import { EVENT_ENTRY_PATH, HopReader } from '../hops';
import { latencyHistogram, summarize } from '../measure';
import { progress } from '../report';
import { drained, openLoopBatches, stream } from './drive';
import { describeBacklog, poster, Target } from './throughput';
import { MESSAGE_EVENTS } from './workload';

/**
 * M3.half: the M2 workload, open loop at half of M2's rate (a /v1/batch
 * request every 20 ms with the events due by then) for twice `seconds`: the
 * first half warms the path up at that rate (M2's last hold may have been an
 * overload, whose drain leaves Postgres vacuuming and the services' batches
 * large; M3 warms up the same way), the second is measured. Latency from each
 * measured message-leading event's intended send instant to its message's
 * arrival at the sink (HdrHistogram; no coordinated omission). Every 5 s the progress
 * output names the stages furthest behind, and after the run each hop's share
 * is read from the path's topics (M3.half.hop.*), so a slow run says where.
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
  const count = Math.round(rate * seconds);
  // Warm-up and measured events in one stream, so the measured ones follow without a pause.
  const events = stream(21, 2 * count, users, 1_000_000);
  const firstMeasured = events[count].properties.seq;
  const p = poster(t);
  const seqOf = (stage: string, value: Record<string, unknown>) => {
    const props = (stage === 'event' ? value.properties : (value.context as { entry?: { properties?: unknown } } | undefined)?.entry?.properties) as
      { seq?: unknown } | undefined;
    const seq = Number(props?.seq);
    return seq >= firstMeasured && seq < firstMeasured + count ? String(seq) : undefined;
  };
  await t.backlog.reset();
  let reader: HopReader | undefined;
  const report = async (s: number) => {
    // The hop reader reads the topics from their ends as they are a second before the measured stretch starts.
    if (s >= seconds - 1 && !reader) reader = await HopReader.start(t.stack.infra, t.stack.prefix, EVENT_ENTRY_PATH, seqOf);
    if (s % 5 === 0) progress(`  M3.half: ${s} s${s <= seconds ? ' (warming up)' : ''}, behind: ${describeBacklog(await t.backlog.size(p))}`);
  };
  progress(`  M3.half: ${rate} events/s for ${2 * seconds} s, the last ${seconds} s measured`);
  const { intendedUs } = await openLoopBatches(p, events, rate, 20, report);
  const wanted = events.map((e, i) => ({ i, seq: e.properties.seq })).filter((x) => x.i >= count && MESSAGE_EVENTS.includes(events[x.i].event));
  progress(`  M3.half: ${count} events measured at ${rate}/s, waiting for ${wanted.length} messages`);
  const deadline = Date.now() + 60_000;
  const arrived = () => wanted.filter((w) => t.stack.tracker.arrivedUs.has(w.seq)).length;
  while (arrived() < wanted.length - p.failed && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  await drained(t.backlog, p, () => 0, 0, t.drainTimeoutMs).catch((e: Error) => progress(`  M3.half: ${e.message}`));
  const intended = new Map(wanted.map((w) => [String(w.seq), intendedUs(w.i)]));
  const delivered = new Map<string, number>();
  for (const w of wanted) {
    const at = t.stack.tracker.arrivedUs.get(w.seq);
    if (at !== undefined) delivered.set(String(w.seq), at);
  }
  const histogram = latencyHistogram();
  for (const [key, at] of delivered) histogram.recordValue(Math.max(1, at - intended.get(key)!));
  const s = summarize(histogram);
  const hops = reader ? await reader.read(intended, delivered) : [];
  const lost = wanted.length - s.count;
  const none = s.count === 0 ? { value: null, note: 'no message was delivered within 60 s' } : {};
  const note = `M2 workload at ${rate} events/s for ${seconds} s after ${seconds} s at that rate to warm up, ${wanted.length} messages${lost > 0 ? `; ${lost} not delivered within 60 s` : ''}`;
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
    target: '≤ 1000 ms',
    met: s.p99Ms <= 1000 && lost === 0,
    ...none,
  });
  // Where the time goes at this rate: each hop's share, as M3.hop.* for M3 (a hop includes the relay that publishes its result).
  for (const hop of hops) {
    ctx.add({
      id: `M3.half.hop.${hop.hop}`,
      name: `M3.half hop, p50: ${hop.what}`,
      value: hop.count > 0 ? hop.p50Ms : null,
      unit: 'ms',
      note: hop.count > 0 ? `p99 ${hop.p99Ms} ms over ${hop.count} messages` : 'no event seen on both ends',
    });
  }
}
