/**
 * What becomes of runs when an identity is merged into a user (an anonymous
 * visitor signs in, or an alias): the merged id's runs continue as the user's,
 * so a person has one run of a journey, not two.
 *
 * - Every run of the merged id moves to the user: same run id (its timers,
 *   sends and coupon stay with it), the user's id, the next free episodes of
 *   that journey (after the user's own, in the order the runs began), and the
 *   merged traits as the run's `user` context (what its later sends render).
 * - When both have an active run of the same journey, the one that began first
 *   goes on and the other exits with reason `merged`, as if the person had
 *   been one id all along (a second entry would have found an active run).
 */
import type { JourneyRun } from './run';

/** A run with the journey it belongs to. */
export interface RunOf {
  journeyId: string;
  run: JourneyRun;
}

export interface RunMergeInput {
  /** The user the id is merged into. */
  into: string;
  /** The user's traits after the merge. */
  traits: Record<string, unknown>;
  /** Every run of the merged id. */
  merged: RunOf[];
  /** The user's active runs. */
  userActive: RunOf[];
  /** The user's highest episode per journey id (journeys without a run of the user are absent). */
  lastEpisodes: ReadonlyMap<string, number>;
  now: number;
}

export interface RunMergeResult {
  /** Runs that exit with reason `merged` (their pending timers are to be removed), either side. */
  exited: RunOf[];
  /** The merged id's runs as the user's (including any exited above). */
  moved: RunOf[];
}

export const MERGED_EXIT_REASON = 'merged';

function exit(run: JourneyRun, now: number): JourneyRun {
  const { waiting: _waiting, ...rest } = run;
  return { ...rest, status: 'exited', exitReason: MERGED_EXIT_REASON, endedAt: now };
}

export function mergeRuns(input: RunMergeInput): RunMergeResult {
  const userActive = new Map(input.userActive.map((r) => [r.journeyId, r]));
  const exited: RunOf[] = [];
  const ordered = [...input.merged].sort((a, b) => a.run.enteredAt - b.run.enteredAt || a.run.episode - b.run.episode);
  const next = new Map(input.lastEpisodes);
  const moved: RunOf[] = [];
  for (const { journeyId, run } of ordered) {
    let mine = run;
    const theirs = run.status === 'active' ? userActive.get(journeyId) : undefined;
    if (theirs) {
      if (theirs.run.enteredAt <= run.enteredAt) mine = exit(run, input.now);
      else {
        exited.push({ journeyId, run: exit(theirs.run, input.now) });
        userActive.delete(journeyId);
      }
    }
    const episode = (next.get(journeyId) ?? 0) + 1;
    next.set(journeyId, episode);
    const result: RunOf = { journeyId, run: { ...mine, userId: input.into, episode, context: { ...mine.context, user: input.traits } } };
    moved.push(result);
    if (mine !== run) exited.push(result);
  }
  return { exited, moved };
}
