/**
 * Entry decisions: whether a trigger starts a new run of a journey for a user,
 * given the user's history with that journey. At most one active run per user
 * per journey; re-entry follows the journey's rule.
 */
import { parseDuration } from '@cairn/core';
import type { JourneyEvent } from './engine.types';
import type { JourneyDefinition } from './journey.types';
import { entryKind } from './journey.types';
import { matchesWhere } from './matching';
import type { EntryContext } from './run';

export { matchesWhere, resolveTemplateRef } from './matching';

export type EntryTrigger =
  | { kind: 'event'; event: JourneyEvent }
  /** The caller resolved the audience and asks once per member. */
  | { kind: 'catalog'; event: JourneyEvent }
  | { kind: 'segment'; segment: string; change: 'enter' | 'exit'; at: number; messageId?: string }
  /** The schedule fired; the caller asks once per member of the segment. */
  | { kind: 'schedule'; segment: string; at: number };

export interface EntryHistory {
  /** The user has an active run of this journey. */
  active: boolean;
  /** When the user's most recent run entered (epoch ms). */
  lastEnteredAt?: number;
  everEntered: boolean;
  /** The highest episode number so far; the next run gets one more. */
  lastEpisode?: number;
}

export type EntrySkipReason = 'not_matching' | 'event_too_old' | 'already_active' | 'reentry_once' | 'reentry_cooldown';

export type EntryDecision = { enter: true; episode: number; entry: EntryContext } | { enter: false; reason: EntrySkipReason };

/**
 * Checks, in order: the trigger matches the entry (not_matching), the event is
 * not older than maxEventAge (event_too_old; an age exactly equal is allowed),
 * no run is active (already_active), and the re-entry rule allows another
 * episode (reentry_once; reentry_cooldown while less than the cool-down has
 * passed since the last entry).
 */
export function decideEntry(def: JourneyDefinition, trigger: EntryTrigger, now: number, history: EntryHistory): EntryDecision {
  const entry = entryContextFor(def, trigger);
  if (!entry) return { enter: false, reason: 'not_matching' };
  const maxAge = 'maxEventAge' in def.entry ? def.entry.maxEventAge : undefined;
  if (maxAge !== undefined && now - entry.at > parseDuration(maxAge)) return { enter: false, reason: 'event_too_old' };
  if (history.active) return { enter: false, reason: 'already_active' };
  const rule = def.reentry;
  if (rule.mode === 'once' && history.everEntered) return { enter: false, reason: 'reentry_once' };
  if (rule.mode === 'cooldown' && history.lastEnteredAt !== undefined) {
    if (now - history.lastEnteredAt < parseDuration(rule.cooldown)) return { enter: false, reason: 'reentry_cooldown' };
  }
  return { enter: true, episode: (history.lastEpisode ?? 0) + 1, entry };
}

/** The run's `entry` context when the trigger matches the journey's entry, else undefined. */
export function entryContextFor(def: JourneyDefinition, trigger: EntryTrigger): EntryContext | undefined {
  const spec = def.entry;
  const kind = entryKind(spec);
  if (kind !== trigger.kind) return undefined;
  if (trigger.kind === 'event' || trigger.kind === 'catalog') {
    const name = 'event' in spec ? spec.event : 'catalogEvent' in spec ? spec.catalogEvent : undefined;
    const where = 'where' in spec ? spec.where : undefined;
    const { event } = trigger;
    if (event.name !== name || !matchesWhere(where, event.properties)) return undefined;
    return withMessageId({ kind, event: event.name, properties: { ...event.properties }, at: event.at }, event.messageId);
  }
  if (trigger.kind === 'segment') {
    if (!('on' in spec) || spec.segment !== trigger.segment || spec.on !== trigger.change) return undefined;
    const context: EntryContext = { kind, segment: trigger.segment, change: trigger.change, properties: {}, at: trigger.at };
    return withMessageId(context, trigger.messageId);
  }
  if (!('schedule' in spec) || spec.segment !== trigger.segment) return undefined;
  return { kind, segment: trigger.segment, properties: {}, at: trigger.at };
}

function withMessageId(context: EntryContext, messageId: string | undefined): EntryContext {
  return messageId === undefined ? context : { ...context, messageId };
}
