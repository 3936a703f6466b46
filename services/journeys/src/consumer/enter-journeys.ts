import { WorkspaceConfig } from '@cairn/config';
import { stableId } from '@cairn/core';
import { EntityManager } from 'typeorm';
import { createRun, decideEntry, EntryTrigger, JourneyEvent } from '../domain';
import { JourneyRepository, PublishedJourney } from '../definitions/journey.repository';
import { RunRepository, UserFacts } from '../runs/run.repository';
import { engineFacts, startRun, stepRun } from '../runs/run-stepper';

/** The run id is derived from its unique key, so a redelivered trigger finds the same run. */
export function runId(workspaceId: string, journeyId: string, userId: string, episode: number): string {
  return stableId(workspaceId, journeyId, userId, String(episode));
}

export interface UserInput {
  workspaceId: string;
  workspace: WorkspaceConfig | undefined;
  userId: string;
  now: Date;
}

/** Starts a run of every given journey whose entry and re-entry rule accept the trigger; returns queued requests. */
export async function enterJourneys(m: EntityManager, u: UserInput, journeys: PublishedJourney[], trigger: EntryTrigger): Promise<number> {
  const runs = new RunRepository(m);
  let queued = 0;
  let user: UserFacts | undefined;
  for (const journey of journeys) {
    const def = journey.definition;
    const history = await runs.history(u.workspaceId, journey.journeyId, u.userId);
    const decision = decideEntry(def, trigger, u.now.getTime(), history);
    if (!decision.enter) continue;
    user ??= await runs.userFacts(u.workspaceId, u.userId);
    const fresh = createRun(
      def,
      {
        id: runId(u.workspaceId, journey.journeyId, u.userId, decision.episode),
        version: journey.version,
        userId: u.userId,
        episode: decision.episode,
        context: { entry: decision.entry, user: user.traits },
      },
      u.now.getTime(),
    );
    queued += (await startRun(m, journey, fresh, u.now, engineFacts(user, u.workspace))).queued;
  }
  return queued;
}

/** Offers an event to the user's runs that it can still change (exit, waitUntil, goal). */
export async function feedRuns(m: EntityManager, u: UserInput, event: JourneyEvent): Promise<number> {
  const runs = new RunRepository(m);
  const open = await runs.openForUser(u.workspaceId, u.userId, new Date(event.at));
  if (open.length === 0) return 0;
  const user = await runs.userFacts(u.workspaceId, u.userId);
  const versions = await new JourneyRepository(m).versions(open.map((r) => ({ journeyId: r.journeyId, version: r.run.version })));
  let queued = 0;
  for (const stored of open) {
    const journey = versions.find((v) => v.journeyId === stored.journeyId && v.version === stored.run.version);
    if (!journey) continue;
    queued += (await stepRun(m, journey, stored, { kind: 'event', event }, u.now, engineFacts(user, u.workspace))).queued;
  }
  return queued;
}
