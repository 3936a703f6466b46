import { passThroughLatency, passThroughThroughput, rawProducer } from '../baseline-kafka';
import { copyRows, selectOne } from '../baseline-db';
import { busFactory, ClientName } from '../bus-factory';
import { BenchContext, Phase, ratio } from '../context';

/** The outbox relay's batch size (libs/kafka OutboxRelay default). */
export const RELAY_BATCH = 500;

interface ClientFigures {
  thru: number | null;
  cpu: number | null;
  p99: number | null;
  raw: number | null;
}

async function clientRun(ctx: BenchContext, client: ClientName): Promise<ClientFigures> {
  const { infra, size } = ctx;
  const bus = busFactory(client, infra.brokers, infra.security);
  const p = infra.prefix(`b1-${client}`);
  const thru = await passThroughThroughput(bus, `${p}a`, `${p}b`, size.b1Messages, `B1 ${client}`);
  const lat = await passThroughLatency(bus, `${p}la`, `${p}lb`, size.latencyRate, size.latencySeconds * 1000, `B1 latency ${client}`);
  const raw = await rawProducer(bus, `${infra.prefix(`raw-${client}`)}events`, size.ingestEvents, RELAY_BATCH, client);
  const tag = client === 'kafkajs' ? 'B1' : 'B1-pk';
  ctx.add({ id: tag, name: `Kafka pass-through (${client}), backlog of ${size.b1Messages}`, value: thru.msgsPerSecond, unit: 'msg/s' });
  ctx.add({ id: `${tag}.cpu`, name: `pass-through CPU per message (${client})`, value: thru.cpuUsPerMessage, unit: 'CPU-µs/msg' });
  ctx.add({ id: `${tag}.p50`, name: `pass-through latency p50 at ${size.latencyRate}/s open loop (${client})`, value: lat.p50Ms, unit: 'ms' });
  ctx.add({ id: `${tag}.p99`, name: `pass-through latency p99 at ${size.latencyRate}/s open loop (${client})`, value: lat.p99Ms, unit: 'ms' });
  ctx.add({
    id: client === 'kafkajs' ? 'P0' : 'P0-pk',
    name: `raw producer (${client}), serial batches of ${RELAY_BATCH} like the outbox relay`,
    value: raw,
    unit: 'events/s',
  });
  return { thru: thru.msgsPerSecond, cpu: thru.cpuUsPerMessage, p99: lat.p99Ms, raw };
}

/** B1, P0, the client comparison C1–C3, B2 and B3: the baselines every ratio needs, measured first. */
export const baselinesPhase: Phase = {
  name: 'baselines',
  async run(ctx) {
    const { size, infra, baselines } = ctx;
    const kafkajs = await clientRun(ctx, 'kafkajs');
    Object.assign(baselines, { b1: kafkajs.thru, b1CpuUs: kafkajs.cpu, b1P99: kafkajs.p99, p0: kafkajs.raw });
    // The comparison client is experimental: its failure is reported, and the run goes on.
    const none: ClientFigures = { thru: null, cpu: null, p99: null, raw: null };
    const pk = await clientRun(ctx, 'platformatic').catch((e: Error) => {
      ctx.add({ id: 'B1-pk', name: 'Kafka pass-through and raw producer (platformatic)', value: null, unit: '', note: `failed: ${e.message}` });
      return none;
    });
    ctx.add({ id: 'C1', name: 'client comparison: pass-through @platformatic/kafka / kafkajs', value: ratio(pk.thru, kafkajs.thru), unit: '×' });
    ctx.add({ id: 'C2', name: 'client comparison: raw producer @platformatic/kafka / kafkajs', value: ratio(pk.raw, kafkajs.raw), unit: '×' });
    ctx.add({ id: 'C3', name: 'client comparison: pass-through p99 @platformatic/kafka / kafkajs', value: ratio(pk.p99, kafkajs.p99), unit: '×' });
    // B2 copies into the events service's table: its migrations must have run.
    await ctx.service('events');
    baselines.b2 = await copyRows(infra.db.url, size.copyRows);
    ctx.add({ id: 'B2', name: `COPY into events.accepted_messages (${size.copyRows} rows)`, value: baselines.b2, unit: 'rows/s' });
    const b3 = await selectOne(infra.db.url, size.selectSeconds * 1000, 10);
    baselines.b3 = b3.perSecond;
    ctx.add({ id: 'B3', name: 'SELECT 1 over a service-sized pool (10 connections, 10 in flight)', value: b3.perSecond, unit: 'queries/s' });
  },
};
