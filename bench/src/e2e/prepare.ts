import { round } from '../measure';
import { progress } from '../report';
import { Backlog, StreamEvent, stream } from './drive';
import { seedUsers, setUpJourneys, setUpMessaging, setUpSegments } from './setup';
import { E2eStack, E2eWorkspace } from './stack';
import { drainRate, Target } from './throughput';

type Json = Record<string, unknown>;

export interface Workload {
  users: number;
  segments: Json[];
  lifecycle: boolean;
  journeys: Json[];
  messagesFor(events: StreamEvent[]): number;
  drainTimeoutMs: number;
}

/**
 * Sets a workspace up in the order that keeps set-up cheap: messaging,
 * segments and journeys first (a segment's backfill then has no users to
 * go over), then the users in bulk, then a warm-up of 200 events that must
 * come out as messages, so every consumer group has committed on its topics.
 */
export async function prepare(stack: E2eStack, ws: E2eWorkspace, w: Workload, warmUp: StreamEvent[]): Promise<Target> {
  const started = performance.now();
  await setUpMessaging(stack, ws);
  await setUpSegments(stack, ws, w.segments, w.lifecycle);
  await setUpJourneys(stack, ws, w.journeys);
  await seedUsers(stack, ws, w.users);
  const backlog = await Backlog.open(stack);
  const target: Target = { stack, ws, backlog, messagesFor: w.messagesFor, drainTimeoutMs: w.drainTimeoutMs };
  await drainRate(target, warmUp, `${ws.id} warm-up`);
  progress(
    `  e2e ${ws.id}: ready in ${round((performance.now() - started) / 1000, 1)} s (${w.segments.length + (w.lifecycle ? 5 : 0)} segments, ${w.journeys.length} journeys, ${w.users} users)`,
  );
  return target;
}

/** Seeds of the streams: a different one per use, so message ids never repeat within a workspace. */
export function warmUpStream(users: number, name?: string): StreamEvent[] {
  return stream(901, 200, users, 9_000_000, name);
}
