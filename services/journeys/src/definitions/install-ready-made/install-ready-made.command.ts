/** Install (or refresh) the ready-made journeys in a workspace. */
export interface InstallReadyMadeCommand {
  workspaceId: string;
  /** Multiplies step waits and timeouts (1/360 turns 1h into 10s); default 1. */
  waitScale?: number;
  /** The channel key every message goes out on; default `kakao`. */
  channel?: string;
  /** Replaces each journey's holdout share. */
  holdout?: number;
  /** Publish what changed (default true). */
  publish?: boolean;
  /** The caller's Authorization header: references are checked with the other services under the same admin key. */
  authorization?: string;
}
