/** One pass of the timer loop: claim at most `limit` due timers and fire them. */
export interface FireDueTimersCommand {
  limit: number;
}
