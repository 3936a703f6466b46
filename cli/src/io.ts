/** What a command may touch: its output streams, the environment and the clock (so tests run a command in-process). */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  env: Readonly<Record<string, string | undefined>>;
  /** Milliseconds since some origin, for reporting how long a simulation took. */
  now(): number;
}

/** Exit codes: 0 done, 1 the input or the server said no (invalid files, an expectation not met, an API error), 2 a usage error. */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;
