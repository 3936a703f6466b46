import type { BehaviourEvent } from '@cairn/contracts';
import { Random } from './random';
import { userId } from './users';

/** Event names with their share of traffic; the shape of a small shop. */
export const EVENT_MIX = [
  ['Product Viewed', 50],
  ['Product Added', 20],
  ['Cart Viewed', 12],
  ['Checkout Started', 8],
  ['Order Completed', 5],
  ['Signed In', 5],
] as const;

export type EventName = (typeof EVENT_MIX)[number][0];

export interface EventOptions {
  seed: number;
  count: number;
  /** Users are u-00000000 … u-(users-1). */
  users: number;
  workspaceId?: string;
  /** Timestamp of the first event (epoch ms) and the mean gap between events. */
  startMs?: number;
  gapMs?: number;
  /** Forces every event to this name (hot-event experiments). */
  name?: string;
}

export interface SegmentTrack {
  type: 'track';
  messageId: string;
  userId: string;
  event: string;
  properties: Record<string, unknown>;
  timestamp: string;
}

/** Track calls as an SDK sends them to `/v1/batch`; deterministic by seed. */
export function generateTracks(options: EventOptions): SegmentTrack[] {
  const random = new Random(options.seed);
  const gap = options.gapMs ?? 1_000;
  let at = options.startMs ?? Date.UTC(2026, 10, 2);
  return Array.from({ length: options.count }, () => {
    at += random.int(0, 2 * gap);
    const event = options.name ?? random.weighted(EVENT_MIX);
    return {
      type: 'track' as const,
      messageId: `m-${random.hex()}`,
      userId: userId(random.int(0, options.users - 1)),
      event,
      properties: { productId: `P-${random.int(100, 999)}`, price: random.int(1, 500) * 100, currency: 'KRW' },
      timestamp: new Date(at).toISOString(),
    };
  });
}

/** The same events as the events service publishes them on cairn.events.v1. */
export function generateBusEvents(options: EventOptions): BehaviourEvent[] {
  const workspaceId = options.workspaceId ?? 'bench';
  return generateTracks(options).map((t) => ({ v: 1, workspaceId, ...t, receivedAt: t.timestamp }));
}

/**
 * A per-user history over the `days` before `nowMs`: each user gets 0 to
 * `maxPerUser` events spread over the period, in time order.
 */
export function generateHistories(
  seed: number,
  users: number,
  options: { days: number; maxPerUser: number; nowMs: number; workspaceId?: string },
): BehaviourEvent[] {
  const random = new Random(seed);
  const workspaceId = options.workspaceId ?? 'bench';
  const out: BehaviourEvent[] = [];
  for (let u = 0; u < users; u++) {
    const n = random.int(0, options.maxPerUser);
    const times = Array.from({ length: n }, () => options.nowMs - random.int(1, options.days * 86_400) * 1000).sort((a, b) => a - b);
    for (const t of times) {
      const at = new Date(t).toISOString();
      out.push({
        v: 1,
        workspaceId,
        messageId: `h-${random.hex()}`,
        type: 'track',
        userId: userId(u),
        event: random.weighted(EVENT_MIX),
        properties: {},
        timestamp: at,
        receivedAt: at,
      });
    }
  }
  return out;
}
