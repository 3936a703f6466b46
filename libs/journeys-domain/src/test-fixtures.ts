/** Shared inputs for the domain specs: plain objects and a fixed instant, no clock. */
import type { EngineFacts, JourneyEvent } from './engine.types';
import { entryContextFor } from './entry';
import type { JourneyDefinition } from './journey.types';
import { createRun, holdoutGroup } from './run';
import type { JourneyRun, RunGroup } from './run';
import type { JourneyRefs } from './validate-steps';

export const T0 = Date.UTC(2026, 2, 2, 1, 0, 0); // 2026-03-02 10:00 in Asia/Seoul
export const MINUTE = 60_000;
export const HOUR = 3_600_000;
export const DAY = 86_400_000;

export const facts: EngineFacts = { timezone: 'Asia/Seoul', evaluateCondition: () => false };

export function refs(overrides: Partial<JourneyRefs> = {}): JourneyRefs {
  return {
    segmentExists: (k) => ['dormant', 'flagship-hot', 'new', 'vip', 'loyal'].includes(k),
    templateExists: (k) => ['cart-reminder', 'welcome-back', 'restock-notice', 'flagship-secret', 'first-order-follow-up'].includes(k),
    channelExists: (k) => ['kakao', 'sms', 'email'].includes(k),
    couponPoolExists: (k) => ['welcome-back', 'flagship-secret'].includes(k),
    ...overrides,
  };
}

export function event(name: string, at: number, properties: Record<string, unknown> = {}, messageId?: string): JourneyEvent {
  return { name, at, properties, ...(messageId ? { messageId } : {}) };
}

/** The first user id `u<n>` whose holdout assignment is `group`. */
export function userIn(def: JourneyDefinition, group: RunGroup): string {
  for (let i = 0; i < 10_000; i++) {
    if (holdoutGroup(def.key, `u${i}`, def.holdout) === group) return `u${i}`;
  }
  throw new Error(`no user in ${group}`);
}

/** A run entered at `now` by `trigger` (an event by default: Product Added with cartId c1). */
export function runFor(
  def: JourneyDefinition,
  userId: string,
  now = T0,
  trigger: JourneyEvent = event('Product Added', now, { cartId: 'c1', name: 'Socks' }, 'm-entry'),
): JourneyRun {
  const kind = 'catalogEvent' in def.entry ? 'catalog' : 'event';
  const entry = entryContextFor(def, { kind, event: trigger }) ?? {
    kind: 'event' as const,
    event: trigger.name,
    properties: trigger.properties ?? {},
    at: trigger.at,
  };
  return createRun(def, { id: `run-${userId}`, version: 1, userId, episode: 1, context: { entry, user: { name: 'Mina' } } }, now);
}
