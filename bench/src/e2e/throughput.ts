import { round } from '../measure';
import { progress } from '../report';
import { Backlog, burst, drained, openLoopBatches, Poster, StreamEvent } from './drive';
import { CpuShare, CpuSplit } from './cpu-split';
import { BacklogSample, HoldVerdict, judgeHold } from './hold-judge';
import { E2eStack, E2eWorkspace } from './stack';

/** One workspace of the end-to-end stack under load: where to post, what is left, what arrived. */
export interface Target {
  stack: E2eStack;
  ws: E2eWorkspace;
  backlog: Backlog;
  /** How many of `events` lead to a message. */
  messagesFor(events: StreamEvent[]): number;
  drainTimeoutMs: number;
}

export function poster(t: Target): Poster {
  return new Poster(t.stack.url('events'), t.ws);
}

/**
 * Posts `events` as fast as ingest takes them and waits until every group has
 * consumed everything and every message arrived at the sink: events/s over
 * the whole, from the first post to the last delivery.
 */
export async function drainRate(t: Target, events: StreamEvent[], label: string): Promise<number> {
  const p = poster(t);
  await t.backlog.reset();
  const before = t.stack.tracker.count(t.ws.id);
  const expected = t.messagesFor(events);
  const started = performance.now();
  await burst(p, events);
  progress(`  ${label}: ${events.length} events posted in ${round((performance.now() - started) / 1000, 1)} s, waiting for ${expected} messages and no lag`);
  await drained(t.backlog, p, () => t.stack.tracker.count(t.ws.id) - before, expected - p.failed, t.drainTimeoutMs);
  const rate = (events.length * 1000) / (performance.now() - started);
  progress(`  ${label}: drained at ${round(rate, 0)} events/s${p.failed > 0 ? ` (${p.failed} events refused)` : ''}`);
  return rate;
}

/** A hold's verdict, and the CPU each process spent per event of it (from the first post until it drained). */
export type Hold = HoldVerdict & { rate: number; cpu: CpuShare[] };

/** The stages holding most of a backlog sample, largest first. */
export function describeBacklog(sample: { ingest: number; byGroup: Record<string, number> }): string {
  const parts = Object.entries({ ...sample.byGroup, 'not yet in Kafka': sample.ingest })
    .filter(([, n]) => n > 0)
    .sort((a, b) => b[1] - a[1]);
  return (
    parts
      .slice(0, 3)
      .map(([g, n]) => `${g} ${n}`)
      .join(', ') || 'none'
  );
}

/**
 * Open loop at `rate` for `seconds`, sampling once a second the backlog of
 * each stage (events not yet in Kafka; each consumer group's lag on each
 * topic), judged by `judgeHold`.
 */
export async function hold(t: Target, events: StreamEvent[], rate: number, boundSeconds: number, label: string): Promise<Hold> {
  const p = poster(t);
  await t.backlog.reset();
  const seconds = events.length / rate;
  const samples: BacklogSample[] = [];
  const sample = async (s: number) => {
    const b = await t.backlog.size(p);
    samples.push({ s, largest: b.largest, where: describeBacklog(b) });
  };
  const cpu = new CpuSplit(t.stack).start();
  await openLoopBatches(p, events, rate, 100, sample);
  await sample(seconds);
  const verdict = judgeHold(samples, rate, seconds, boundSeconds, p.failed);
  const { held, maxLag, bound, growth, growthBound, where } = verdict;
  progress(
    `  ${label}: ${round(rate, 0)} events/s for ${round(seconds, 0)} s, largest lag ${maxLag} (bound ${bound}; ${where}), growth ${growth} (bound ${growthBound}), ${held ? 'held' : 'not held'}${p.failed > 0 ? `, ${p.failed} refused` : ''}`,
  );
  // Let it drain before anything else is measured.
  await drained(t.backlog, p, () => 0, 0, t.drainTimeoutMs).catch((e: Error) => progress(`  ${label}: ${e.message}`));
  return { rate, ...verdict, cpu: cpu.per(Math.max(1, events.length - p.failed)) };
}

/**
 * The highest rate held: the first hold at 0.9 × `estimate`; then 1.3 × up
 * after a hold that held or 0.6 × down after one that did not, until both
 * are known, then halfway between the best held and the lowest not held.
 */
export async function searchMaxRate(
  t: Target,
  estimate: number,
  tries: number,
  makeEvents: (rate: number, attempt: number) => StreamEvent[],
  boundSeconds: number,
): Promise<{ best: Hold | null; failed: Hold | null }> {
  let best: Hold | null = null;
  let failed: Hold | null = null;
  let rate = Math.max(10, Math.round(estimate * 0.9));
  for (let attempt = 0; attempt < tries; attempt++) {
    const h = await hold(t, makeEvents(rate, attempt), rate, boundSeconds, `M2 hold ${attempt + 1}`);
    if (h.held && (!best || h.rate > best.rate)) best = h;
    if (!h.held && (!failed || h.rate < failed.rate)) failed = h;
    if (best && failed) {
      if (failed.rate - best.rate <= Math.max(5, best.rate * 0.05)) break;
      rate = Math.round((best.rate + failed.rate) / 2);
    } else rate = Math.max(10, Math.round(rate * (h.held ? 1.3 : 0.6)));
  }
  return { best, failed };
}
