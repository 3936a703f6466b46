import { Phase, ratio } from '../context';
import { ingest } from '../ingest';

/** M1: ingest over /v1/batch until Kafka holds every event; vs P0, B2 and B1's CPU per message. */
export const ingestPhase: Phase = {
  name: 'ingest',
  async run(ctx) {
    const { size, baselines: b } = ctx;
    const events = await ctx.service('events');
    const ing = await ingest(ctx.infra, events.url, events.child.pid!, ctx.prefix, size.ingestEvents, size.ingestBatch, size.ingestConcurrency);
    const m1 = ratio(ing.ackedPerSecond, b.p0);
    ctx.add({
      id: 'M1',
      name: `ingest over /v1/batch acknowledged by Kafka (${size.ingestEvents} events, ${size.ingestBatch} per request, ${size.ingestConcurrency} clients)`,
      value: ing.ackedPerSecond,
      unit: 'events/s',
      baseline: { id: 'P0', value: b.p0 },
      ratio: m1,
      target: '≥ 0.5',
      met: (m1 ?? 0) >= 0.5,
    });
    ctx.add({
      id: 'M1.http',
      name: 'ingest answered 200 over HTTP (before the relay published)',
      value: ing.acceptedPerSecond,
      unit: 'events/s',
      baseline: { id: 'B2', value: b.b2 },
      ratio: ratio(ing.acceptedPerSecond, b.b2),
    });
    ctx.add({
      id: 'M1.cpu',
      name: 'events service CPU per ingested event',
      value: ing.cpuUsPerEvent,
      unit: 'CPU-µs/event',
      baseline: { id: 'B1.cpu', value: b.b1CpuUs },
      ratio: ratio(ing.cpuUsPerEvent, b.b1CpuUs),
    });
  },
};
