import { api, BenchInfra, WRITE_HEADERS } from './infra';
import { latencyHistogram, LatencySummary, openLoop, summarize } from './measure';
import { progress } from './report';
import { HopReader, HopSummary, SEGMENT_ENTRY_PATH } from './hops';
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
  const users = `${tag}-`;
  const reader = hops
    ? await HopReader.start(hops.infra, hops.prefix, SEGMENT_ENTRY_PATH, (_stage, value) => {
        const userId = String(value.userId ?? '');
        return userId.startsWith(users) ? userId : undefined;
      })
    : undefined;
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
