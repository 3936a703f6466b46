import { TOPICS } from '@cairn/contracts';
import { kafkaJsClientConfig } from '@cairn/kafka';
import { Kafka } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { api, BenchInfra, until, WRITE_HEADERS } from './infra';
import { latencyHistogram, LatencySummary, nowUs, openLoop, summarize } from './measure';
import { progress } from './report';
import { WebhookSink } from './sink';

/**
 * A segment of the users who did `event` and a journey entered on joining it that sends one message (through the
 * messaging set-up of the cap phase: webhook to the sink): each event takes the whole path, events → segments →
 * journeys → messaging.
 */
export async function setUpLatencyJourney(segmentsUrl: string, journeysUrl: string, event: string): Promise<void> {
  await api(segmentsUrl, 'POST', '/v1/segments', { key: 'bench-latency', name: `Did ${event}`, condition: { event, count: { min: 1 } } });
  await api(journeysUrl, 'POST', '/v1/journeys', {
    key: 'bench-latency',
    name: 'Benchmark latency',
    entry: { segment: 'bench-latency', on: 'enter' },
    start: 'send',
    steps: { send: { type: 'send', channel: 'hook', template: 'bench', category: 'transactional', next: null } },
  });
  await api(journeysUrl, 'POST', '/v1/journeys/bench-latency/publish');
}

/**
 * Metric 3: an open-loop generator posts one track call per event at `rate`/s
 * to the events service (each for a user of its own); segments puts the user
 * in the segment, the journey entered on joining it turns that into a message
 * request; messaging delivers it to the sink. Latency runs from
 * the instant the event was due to be sent to its arrival at the sink.
 */
export async function eventToDelivery(
  eventsUrl: string,
  sink: WebhookSink,
  event: string,
  rate: number,
  durationMs: number,
  tag: string,
  hops?: { infra: BenchInfra; prefix: string },
): Promise<LatencySummary & { lost: number; hops?: () => Promise<HopSummary[]> }> {
  const intended = new Map<string, number>();
  const delivered = new Map<string, number>();
  const histogram = latencyHistogram();
  sink.onDelivery = (d) => {
    const userId = String(d.body.userId);
    const at = intended.get(userId);
    if (at === undefined) return;
    histogram.recordValue(Math.max(1, d.atUs - at));
    delivered.set(userId, d.atUs);
  };
  const reader = hops ? await HopReader.start(hops.infra, hops.prefix, `${tag}-`) : undefined;
  let failed = 0;
  const sent = await openLoop(rate, durationMs, (i, intendedUs) => {
    const userId = `${tag}-${i}`;
    intended.set(userId, intendedUs);
    const body = JSON.stringify({ userId, event, messageId: `${tag}-m-${i}`, properties: { i } });
    fetch(`${eventsUrl}/v1/track`, { method: 'POST', headers: WRITE_HEADERS, body })
      .then((r) => {
        if (r.status !== 200) failed++;
        return r.arrayBuffer();
      })
      .catch(() => failed++);
  });
  progress(`  latency: ${sent} events sent at ${rate}/s, waiting for deliveries`);
  const deadline = Date.now() + 60_000;
  while (histogram.totalCount < sent - failed && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  sink.onDelivery = undefined;
  return { ...summarize(histogram), lost: sent - histogram.totalCount, ...(reader ? { hops: () => reader.read(intended, delivered) } : {}) };
}

/** One hop of the path, from the first sign of a user's event before it to the first after it: p50 and p99 over the users. */
export interface HopSummary {
  hop: 'events' | 'segments' | 'journeys' | 'messaging';
  what: string;
  p50Ms: number;
  p99Ms: number;
  count: number;
}

const HOPS: Array<{ hop: HopSummary['hop']; what: string; from: Stage; to: Stage }> = [
  { hop: 'events', what: 'event sent → on cairn.events.v1 (events: ingest, outbox relay)', from: 'sent', to: 'event' },
  { hop: 'segments', what: 'cairn.events.v1 → membership on cairn.segment-membership.v1 (segments)', from: 'event', to: 'membership' },
  { hop: 'journeys', what: 'membership → request on cairn.message-requests.v1 (journeys)', from: 'membership', to: 'request' },
  { hop: 'messaging', what: 'request → delivered at the sink (messaging: decision, render, webhook)', from: 'request', to: 'delivered' },
];

type Stage = 'sent' | 'event' | 'membership' | 'request' | 'delivered';

/**
 * The hops of each event of a latency run, from the path's three topics read after the run (so the reading costs
 * the measured stretch nothing): the Kafka timestamp (the producing relay's clock, ms) of the first message of each
 * user on each topic, with the intended send instants and the sink's arrivals (monotonic µs, brought to the wall
 * clock), splits each event's latency into its hops. The topics are read from their ends as they were at the start.
 */
class HopReader {
  private constructor(
    private readonly kafka: Kafka,
    private readonly stages: Record<string, Stage>,
    private readonly starts: Array<{ topic: string; partition: number; offset: string }>,
    private readonly userPrefix: string,
  ) {}

  static async start(infra: BenchInfra, prefix: string, userPrefix: string): Promise<HopReader> {
    const stages: Record<string, Stage> = {
      [prefix + TOPICS.events]: 'event',
      [prefix + TOPICS.segmentMembership]: 'membership',
      [prefix + TOPICS.messageRequests]: 'request',
    };
    const kafka = new Kafka(kafkaJsClientConfig([infra.brokers], 'bench-hops', infra.security));
    const admin = kafka.admin();
    await admin.connect();
    try {
      const starts = [];
      for (const topic of Object.keys(stages)) {
        for (const p of await admin.fetchTopicOffsets(topic)) starts.push({ topic, partition: p.partition, offset: p.high });
      }
      return new HopReader(kafka, stages, starts, userPrefix);
    } finally {
      await admin.disconnect();
    }
  }

  /** Reads what the run put on the three topics and summarises each hop over the users delivered. */
  async read(intendedUs: Map<string, number>, deliveredUs: Map<string, number>): Promise<HopSummary[]> {
    const seen = await this.readTopics(deliveredUs);
    const wallMs = (us: number) => (us + wallOffsetUs) / 1000;
    for (const [userId, at] of deliveredUs) {
      const user = seen.get(userId) ?? {};
      user.sent = wallMs(intendedUs.get(userId)!);
      user.delivered = wallMs(at);
      seen.set(userId, user);
    }
    return HOPS.map(({ hop, what, from, to }) => {
      const h = latencyHistogram();
      for (const userId of deliveredUs.keys()) {
        const user = seen.get(userId)!;
        if (user[from] !== undefined && user[to] !== undefined) h.recordValue(Math.max(1, Math.round((user[to]! - user[from]!) * 1000)));
      }
      const s = summarize(h);
      return { hop, what, p50Ms: s.p50Ms, p99Ms: s.p99Ms, count: s.count };
    });
  }

  /** The first Kafka timestamp of each user of the run on each topic; reads until every delivered user's request was seen (at most 30 s). */
  private async readTopics(deliveredUs: Map<string, number>): Promise<Map<string, Partial<Record<Stage, number>>>> {
    const seen = new Map<string, Partial<Record<Stage, number>>>();
    const consumer = this.kafka.consumer({ groupId: `bench-hops-${randomUUID()}`, maxWaitTimeInMs: 200 });
    await consumer.connect();
    try {
      await consumer.subscribe({ topics: Object.keys(this.stages), fromBeginning: false });
      await consumer.run({
        autoCommit: false,
        eachBatch: async ({ batch }) => {
          const stage = this.stages[batch.topic];
          for (const m of batch.messages) {
            const userId = String((JSON.parse(m.value?.toString() ?? '{}') as { userId?: unknown }).userId ?? '');
            if (!userId.startsWith(this.userPrefix)) continue;
            const user = seen.get(userId) ?? {};
            if (user[stage] === undefined) user[stage] = Number(m.timestamp);
            seen.set(userId, user);
          }
        },
      });
      for (const s of this.starts) consumer.seek(s);
      await until(() => [...deliveredUs.keys()].every((u) => seen.get(u)?.request !== undefined), 'the hop reader to read the run', 30_000).catch(
        () => undefined,
      );
    } finally {
      await consumer.disconnect();
    }
    return seen;
  }
}

/** Wall clock (µs since the epoch) minus the monotonic clock of `nowUs`, taken once. */
const wallOffsetUs = Date.now() * 1000 - nowUs();
