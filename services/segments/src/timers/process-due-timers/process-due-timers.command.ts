/** One pass of the re-evaluation timers: claim at most `limit` due timers and re-evaluate their users. */
export interface ProcessDueTimersCommand {
  limit: number;
}
