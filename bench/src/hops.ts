import { TOPICS } from '@cairn/contracts';
import { kafkaJsClientConfig } from '@cairn/kafka';
import { Kafka } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { BenchInfra, until } from './infra';
import { latencyHistogram, nowUs, summarize } from './measure';

/** Where an event is on its way to a message: sent, on one of the path's topics, delivered at the sink. */
export type Stage = 'sent' | 'event' | 'membership' | 'request' | 'delivered';
type TopicStage = Exclude<Stage, 'sent' | 'delivered'>;

const TOPIC_OF: Record<TopicStage, string> = {
  event: TOPICS.events,
  membership: TOPICS.segmentMembership,
  request: TOPICS.messageRequests,
};

/** One hop of a path: from the first sign of an event at `from` to the first at `to`. */
export interface Hop {
  hop: 'events' | 'segments' | 'journeys' | 'messaging';
  what: string;
  from: Stage;
  to: Stage;
}

const EVENTS_HOP: Hop = { hop: 'events', what: 'event sent → on cairn.events.v1 (events: ingest, outbox relay)', from: 'sent', to: 'event' };
const MESSAGING_HOP: Hop = {
  hop: 'messaging',
  what: 'request → delivered at the sink (messaging: decision, render, webhook)',
  from: 'request',
  to: 'delivered',
};

/** M3's path: a segment-entry journey, so the event goes through segments' membership topic. */
export const SEGMENT_ENTRY_PATH: Hop[] = [
  EVENTS_HOP,
  { hop: 'segments', what: 'cairn.events.v1 → membership on cairn.segment-membership.v1 (segments)', from: 'event', to: 'membership' },
  { hop: 'journeys', what: 'membership → request on cairn.message-requests.v1 (journeys)', from: 'membership', to: 'request' },
  MESSAGING_HOP,
];

/** The M2 workload's path to a message: event-entry journeys read the events topic themselves. */
export const EVENT_ENTRY_PATH: Hop[] = [
  EVENTS_HOP,
  { hop: 'journeys', what: 'cairn.events.v1 → request on cairn.message-requests.v1 (journeys, event entry)', from: 'event', to: 'request' },
  MESSAGING_HOP,
];

/** A hop's p50 and p99 over the events delivered. */
export interface HopSummary {
  hop: Hop['hop'];
  what: string;
  p50Ms: number;
  p99Ms: number;
  count: number;
}

/** Names the event a topic's message belongs to (the message's JSON value), or undefined for one not of the run. */
export type KeyOf = (stage: TopicStage, value: Record<string, unknown>) => string | undefined;

/**
 * The hops of each event of a latency run, from the path's topics read after the run (so the reading costs the
 * measured stretch nothing): the Kafka timestamp (the producing relay's clock, ms) of the first message of each
 * event on each topic, with the intended send instants and the sink's arrivals (monotonic µs, brought to the wall
 * clock), splits each event's latency into its hops. The topics are read from their ends as they were at the start.
 */
export class HopReader {
  private constructor(
    private readonly kafka: Kafka,
    private readonly path: Hop[],
    private readonly stages: Record<string, TopicStage>,
    private readonly starts: Array<{ topic: string; partition: number; offset: string }>,
    private readonly keyOf: KeyOf,
  ) {}

  static async start(infra: BenchInfra, prefix: string, path: Hop[], keyOf: KeyOf): Promise<HopReader> {
    const onTopics = [...new Set(path.flatMap((h) => [h.from, h.to]))].filter((s): s is TopicStage => s !== 'sent' && s !== 'delivered');
    const stages = Object.fromEntries(onTopics.map((s) => [prefix + TOPIC_OF[s], s]));
    const kafka = new Kafka(kafkaJsClientConfig([infra.brokers], 'bench-hops', infra.security));
    const admin = kafka.admin();
    await admin.connect();
    try {
      const starts = [];
      for (const topic of Object.keys(stages)) {
        for (const p of await admin.fetchTopicOffsets(topic)) starts.push({ topic, partition: p.partition, offset: p.high });
      }
      return new HopReader(kafka, path, stages, starts, keyOf);
    } finally {
      await admin.disconnect();
    }
  }

  /** Reads what the run put on the path's topics and summarises each hop over the events delivered (keys as `keyOf` gives them). */
  async read(intendedUs: Map<string, number>, deliveredUs: Map<string, number>): Promise<HopSummary[]> {
    const seen = await this.readTopics(deliveredUs);
    const wallMs = (us: number) => (us + wallOffsetUs) / 1000;
    for (const [key, at] of deliveredUs) {
      const event = seen.get(key) ?? {};
      event.sent = wallMs(intendedUs.get(key)!);
      event.delivered = wallMs(at);
      seen.set(key, event);
    }
    return this.path.map(({ hop, what, from, to }) => {
      const h = latencyHistogram();
      for (const key of deliveredUs.keys()) {
        const event = seen.get(key)!;
        if (event[from] !== undefined && event[to] !== undefined) h.recordValue(Math.max(1, Math.round((event[to]! - event[from]!) * 1000)));
      }
      const s = summarize(h);
      return { hop, what, p50Ms: s.p50Ms, p99Ms: s.p99Ms, count: s.count };
    });
  }

  /**
   * The first Kafka timestamp of each event of the run on each topic; reads until every delivered event was seen on
   * every topic of the path (at most 30 s: the topics are read side by side, and the events topic has many more
   * messages than the requests topic, so waiting for the last topic alone left some events without their first hop).
   */
  private async readTopics(deliveredUs: Map<string, number>): Promise<Map<string, Partial<Record<Stage, number>>>> {
    const seen = new Map<string, Partial<Record<Stage, number>>>();
    const stages = Object.values(this.stages);
    const consumer = this.kafka.consumer({ groupId: `bench-hops-${randomUUID()}`, maxWaitTimeInMs: 200 });
    await consumer.connect();
    try {
      await consumer.subscribe({ topics: Object.keys(this.stages), fromBeginning: false });
      await consumer.run({
        autoCommit: false,
        eachBatch: async ({ batch }) => {
          const stage = this.stages[batch.topic];
          for (const m of batch.messages) {
            const key = this.keyOf(stage, JSON.parse(m.value?.toString() ?? '{}') as Record<string, unknown>);
            if (key === undefined) continue;
            const event = seen.get(key) ?? {};
            if (event[stage] === undefined) event[stage] = Number(m.timestamp);
            seen.set(key, event);
          }
        },
      });
      for (const s of this.starts) consumer.seek(s);
      const complete = (k: string) => stages.every((stage) => seen.get(k)?.[stage] !== undefined);
      await until(() => [...deliveredUs.keys()].every(complete), 'the hop reader to read the run', 30_000).catch(() => undefined);
    } finally {
      await consumer.disconnect();
    }
    return seen;
  }
}

/** Wall clock (µs since the epoch) minus the monotonic clock of `nowUs`, taken once. */
const wallOffsetUs = Date.now() * 1000 - nowUs();
