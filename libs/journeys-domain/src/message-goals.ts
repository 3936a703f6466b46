/**
 * Message events: what providers' delivery receipts say of a run's message
 * (messaging's outcomes DELIVERED, BOUNCED, OPENED, CLICKED, COMPLAINED),
 * seen by the run as an event named `Message Delivered`, `Message Bounced`,
 * `Message Opened`, `Message Clicked` or `Message Complained` with the
 * properties `step` and `channel`. A goal may name one
 * (`{ "event": "Message Clicked", "where": { "step": "remind" }, "within": "3d" }`);
 * they count for goals only (not for `waitUntil` or exits), and only a
 * treatment run's messages produce them.
 */
import type { JourneyEvent } from './engine.types';
import type { JourneyDefinition } from './journey.types';
import { matchesWhere } from './matching';
import { isGoalWindowOpen, JourneyRun } from './run';

export const MESSAGE_EVENTS = {
  DELIVERED: 'Message Delivered',
  BOUNCED: 'Message Bounced',
  OPENED: 'Message Opened',
  CLICKED: 'Message Clicked',
  COMPLAINED: 'Message Complained',
} as const;

/** The event a receipt outcome is to its run, or undefined for an outcome that is not a receipt. */
export function messageEvent(outcome: { status: string; channel: string; step: string; at: number }): JourneyEvent | undefined {
  const name = (MESSAGE_EVENTS as Record<string, string>)[outcome.status];
  return name ? { name, properties: { step: outcome.step, channel: outcome.channel }, at: outcome.at } : undefined;
}

/** Whether this event reaches the run's goal now: the goal names it, its `where` matches, its window is open, and the run has not converted. */
export function reachesGoal(def: JourneyDefinition, run: JourneyRun, event: JourneyEvent): boolean {
  const goal = def.goal;
  if (!goal || run.converted || event.name !== goal.event) return false;
  return isGoalWindowOpen(run, event.at) && matchesWhere(goal.where, event.properties);
}
