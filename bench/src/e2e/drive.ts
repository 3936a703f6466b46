import { TOPICS } from '@cairn/contracts';
import { generateTracks, SegmentTrack } from '../../generators';
import { offsetWatcher, until } from '../infra';
import { nowUs, runWorkers } from '../measure';
import { LagWatcher } from './lag';
import { E2eStack, E2eWorkspace } from './stack';

/** A track call of the stream; `seq` travels in its properties to the message content, so a delivery names its event. */
export type StreamEvent = SegmentTrack & { properties: { seq: number } };

/** `count` events of the generators' mix (or all named `name`) for users u-0 … u-(users-1); seq from `firstSeq`. */
export function stream(seed: number, count: number, users: number, firstSeq: number, name?: string): StreamEvent[] {
  return generateTracks({ seed, count, users, name }).map((t, i) => ({ ...t, properties: { ...t.properties, seq: firstSeq + i } }));
}

/** Posts events to /v1/batch of one workspace, with the send instant as their timestamp. */
export class Poster {
  sent = 0;
  failed = 0;
  inFlight = 0;

  constructor(
    private readonly eventsUrl: string,
    private readonly ws: E2eWorkspace,
  ) {}

  async post(events: StreamEvent[]): Promise<void> {
    const timestamp = new Date().toISOString();
    const body = JSON.stringify({ batch: events.map((e) => ({ ...e, timestamp })) });
    this.inFlight += events.length;
    try {
      const res = await fetch(`${this.eventsUrl}/v1/batch`, {
        method: 'POST',
        headers: { authorization: `Bearer ${this.ws.writeKey}`, 'content-type': 'application/json' },
        body,
      });
      await res.arrayBuffer();
      if (res.status === 200) this.sent += events.length;
      else this.failed += events.length;
    } catch {
      this.failed += events.length;
    } finally {
      this.inFlight -= events.length;
    }
  }
}

/** What is still to be done end to end: events not yet in Kafka plus every group's consumer lag. */
export class Backlog {
  private constructor(
    private readonly lagWatcher: LagWatcher,
    private readonly topics: Awaited<ReturnType<typeof offsetWatcher>>,
    private readonly topic: string,
    private base: number,
  ) {}

  static async open(stack: E2eStack): Promise<Backlog> {
    const lag = new LagWatcher(stack.infra.brokers, stack.prefix, stack.infra.security);
    await lag.connect();
    const topics = await offsetWatcher(stack.infra.brokers, stack.infra.security);
    const topic = stack.prefix + TOPICS.events;
    return new Backlog(lag, topics, topic, await topics.size(topic));
  }

  /** Counts events posted from now on against the events topic. */
  async reset(): Promise<void> {
    this.base = await this.topics.size(this.topic);
  }

  /**
   * Messages: events accepted or in flight but not yet on the topic, and the
   * consumer lag of each group on each topic; `total` sums them all,
   * `largest` is the largest single one (how far the slowest stage is behind).
   */
  async size(poster: Poster): Promise<{ ingest: number; lag: number; total: number; largest: number; byGroup: Record<string, number> }> {
    const published = (await this.topics.size(this.topic)) - this.base;
    const ingest = Math.max(0, poster.sent + poster.inFlight - published);
    const { total: lag, byGroup } = await this.lagWatcher.lag();
    return { ingest, lag, total: ingest + lag, largest: Math.max(ingest, ...Object.values(byGroup)), byGroup };
  }

  async close(): Promise<void> {
    await this.lagWatcher.close();
    await this.topics.close();
  }
}

/**
 * Open loop at `rate` events/s: every `tickMs` the events due by then go out
 * in one /v1/batch request, without waiting for earlier requests, so a slow
 * system cannot slow the generator down. `intendedUs(i)` is event i's due
 * instant, the start of its latency. `every` runs once a second.
 */
export async function openLoopBatches(
  poster: Poster,
  events: StreamEvent[],
  rate: number,
  tickMs: number,
  every?: (elapsedS: number) => Promise<void>,
): Promise<{ startUs: number; intendedUs: (i: number) => number }> {
  const startUs = nowUs();
  const intendedUs = (i: number) => startUs + (i * 1_000_000) / rate;
  let next = 0;
  let lastReport = 0;
  const requests: Promise<void>[] = [];
  while (next < events.length) {
    const due = Math.min(events.length, Math.floor(((nowUs() - startUs) * rate) / 1_000_000) + 1);
    if (due > next) requests.push(poster.post(events.slice(next, due)));
    next = due;
    const elapsedS = Math.floor((nowUs() - startUs) / 1_000_000);
    if (every && elapsedS > lastReport) {
      lastReport = elapsedS;
      await every(elapsedS);
    }
    await new Promise((r) => setTimeout(r, tickMs));
  }
  await Promise.all(requests);
  return { startUs, intendedUs };
}

/** Posts `events` as fast as the events service takes them (4 clients, 100 per request). */
export async function burst(poster: Poster, events: StreamEvent[]): Promise<void> {
  await runWorkers(4, Math.ceil(events.length / 100), (i) => poster.post(events.slice(i * 100, (i + 1) * 100)));
}

/** Waits until nothing is left to do and `delivered()` reached `expected`; throws at the deadline. */
export async function drained(backlog: Backlog, poster: Poster, delivered: () => number, expected: number, timeoutMs: number): Promise<void> {
  await until(
    async () => delivered() >= expected && (await backlog.size(poster)).total === 0,
    `the end-to-end backlog to drain (${delivered()}/${expected} delivered)`,
    timeoutMs,
    250,
  );
}
