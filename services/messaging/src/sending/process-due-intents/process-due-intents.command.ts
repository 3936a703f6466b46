export interface ProcessDueIntentsCommand {
  /** At most this many due intents, claimed and decided together. */
  limit: number;
}
