import { round } from '../measure';
import { progress } from '../report';
import { Backlog, burst, drained, openLoopBatches, Poster, StreamEvent } from './drive';
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

export interface Hold {
  rate: number;
  held: boolean;
  maxLag: number;
  finalLag: number;
  bound: number;
}

/**
 * Open loop at `rate` for `seconds`, sampling the backlog (events not yet in
 * Kafka plus consumer lag, in messages) once a second. Held when neither the
 * samples of the second half nor the last one exceed `boundSeconds` worth of
 * events.
 */
export async function hold(t: Target, events: StreamEvent[], rate: number, boundSeconds: number, label: string): Promise<Hold> {
  const p = poster(t);
  await t.backlog.reset();
  const seconds = events.length / rate;
  const samples: Array<{ s: number; total: number }> = [];
  await openLoopBatches(p, events, rate, 100, async (s) => {
    samples.push({ s, total: (await t.backlog.size(p)).total });
  });
  const finalLag = (await t.backlog.size(p)).total;
  const bound = Math.max(200, Math.round(rate * boundSeconds));
  const late = samples.filter((x) => x.s >= seconds / 2).map((x) => x.total);
  const maxLag = Math.max(finalLag, ...late);
  const held = maxLag <= bound && p.failed === 0;
  progress(`  ${label}: ${round(rate, 0)} events/s for ${round(seconds, 0)} s, lag max ${maxLag} (bound ${bound}), ${held ? 'held' : 'not held'}${p.failed > 0 ? `, ${p.failed} refused` : ''}`);
  // Let it drain before anything else is measured.
  await drained(t.backlog, p, () => 0, 0, t.drainTimeoutMs).catch((e: Error) => progress(`  ${label}: ${e.message}`));
  return { rate, held, maxLag, finalLag, bound };
}
