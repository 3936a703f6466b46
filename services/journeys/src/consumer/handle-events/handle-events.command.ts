import type { BehaviourEvent } from '@cairn/contracts';

/** One consumed batch of `cairn.events.v1` (one partition), in offset order. */
export interface HandleEventsCommand {
  events: BehaviourEvent[];
}
