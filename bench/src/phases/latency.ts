import { Phase, ratio } from '../context';
import { CpuSplit, cpuFigures } from '../e2e/cpu-split';
import { eventToDelivery, setUpLatencyJourney } from '../latency';

/** M3: event → message delivered at 100 events/s open loop (events → segments → a segment-entry journey → messaging → sink); vs B1's p99. */
export const latencyPhase: Phase = {
  name: 'latency',
  async run(ctx) {
    const { size, sink } = ctx;
    const events = await ctx.service('events');
    const segments = await ctx.service('segments');
    const journeys = await ctx.service('journeys');
    await ctx.messaging();
    await setUpLatencyJourney(segments.url, journeys.url, 'Bench Latency');
    // Steady state, not start-up: the path runs at the measured rate first (just-started processes and a fresh
    // database answer several times slower for their first seconds, which is not what a running shop sees).
    await eventToDelivery(events.url, sink, 'Bench Latency', size.latencyRate, size.latencySeconds * 1000, 'warm');
    const cpu = new CpuSplit(ctx).start();
    const lat = await eventToDelivery(events.url, sink, 'Bench Latency', size.latencyRate, size.latencySeconds * 1000, 'lat', {
      infra: ctx.infra,
      prefix: ctx.prefix,
    });
    const shares = cpu.per(Math.max(1, lat.count + lat.lost));
    // Read after the measured stretch: reading the topics costs it nothing.
    const hops = (await lat.hops?.()) ?? [];
    const b1p99 = ctx.baselines.b1P99;
    const lostNote = lat.lost > 0 ? `; ${lat.lost} not delivered within 60 s` : '';
    const none = lat.count === 0 ? { value: null, note: 'no message was delivered within 60 s' } : {};
    ctx.add({
      id: 'M3.p50',
      name: `event → message delivered, p50 at ${size.latencyRate} events/s open loop`,
      value: lat.p50Ms,
      unit: 'ms',
      note: `events → segments → a segment-entry journey → messaging → loopback webhook; after as long at that rate to warm up${lostNote}`,
      ...none,
    });
    ctx.add({
      id: 'M3.p99',
      name: `event → message delivered, p99 at ${size.latencyRate} events/s open loop`,
      value: lat.p99Ms,
      unit: 'ms',
      baseline: { id: 'B1.p99', value: b1p99 },
      ratio: ratio(lat.p99Ms, b1p99),
      target: '≤ 250 ms',
      met: lat.p99Ms <= 250 && lat.lost === 0,
      ...none,
    });
    // Where the time goes: each hop's share, from the Kafka timestamps of the path's topics (the producing relay's
    // clock) and the sink's arrivals; a hop includes the outbox relay that publishes its result.
    for (const hop of hops) {
      ctx.add({
        id: `M3.hop.${hop.hop}`,
        name: `M3 hop, p50: ${hop.what}`,
        value: hop.count > 0 ? hop.p50Ms : null,
        unit: 'ms',
        note: hop.count > 0 ? `p99 ${hop.p99Ms} ms over ${hop.count} events` : 'no event seen on both ends',
      });
    }
    // What the path costs at this rate, where each event is a batch of its own at every hop (compare M2.cpu.*).
    for (const f of cpuFigures('M3', `at ${size.latencyRate} events/s`, shares)) ctx.add(f);
  },
};
