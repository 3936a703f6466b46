import type { MessageOutcome } from '@cairn/contracts';

/** One consumed batch of `cairn.message-outcomes.v1` (one partition), in offset order. */
export interface HandleOutcomesCommand {
  outcomes: MessageOutcome[];
}
