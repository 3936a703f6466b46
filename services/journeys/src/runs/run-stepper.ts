import { WorkspaceConfig } from '@cairn/config';
import { Conflict } from '@cairn/core';
import { EntityManager } from 'typeorm';
import { advance, BranchCondition, EngineFacts, EngineInput, JourneyRun } from '../domain';
import { PublishedJourney } from '../definitions/journey.repository';
import { answerCondition } from './branch-condition';
import { applyEffects } from './run-effects';
import { RunRepository, StoredRun, UserFacts } from './run.repository';

/** What one step of the engine needs from outside: the user's time zone and segment memberships. */
export function engineFacts(user: UserFacts, workspace: WorkspaceConfig | undefined): EngineFacts {
  const tz = typeof user.traits.timezone === 'string' ? user.traits.timezone : (workspace?.timezone ?? 'Asia/Seoul');
  return {
    timezone: tz,
    // Segment and trait conditions are answered from what journeys keeps; a condition that stays
    // unknown (it needs event history, which only the segments service has) takes the `else` branch.
    evaluateCondition: (c: BranchCondition) => answerCondition(c, user) === true,
  };
}

/** Feeds one input to a stored run, persists it with a conditional update and applies the effects. */
export async function stepRun(
  m: EntityManager,
  journey: PublishedJourney,
  stored: StoredRun,
  input: EngineInput,
  now: Date,
  facts: EngineFacts,
): Promise<{ changed: boolean; queued: number }> {
  const { run, effects } = advance(journey.definition, stored.run, input, now.getTime(), facts);
  if (effects.length === 0 && JSON.stringify(run) === JSON.stringify(stored.run)) return { changed: false, queued: 0 };
  if (!(await new RunRepository(m).update(stored, run))) {
    throw new Conflict('RUN_CHANGED', `run ${run.id} changed concurrently; retrying`);
  }
  stored.revision += 1;
  stored.run = run;
  return { changed: true, queued: await applyEffects(m, stored.workspaceId, run, effects, now) };
}

/** Inserts a new run after its first step; nothing happens if the run already exists. */
export async function startRun(
  m: EntityManager,
  journey: PublishedJourney,
  fresh: JourneyRun,
  now: Date,
  facts: EngineFacts,
): Promise<{ started: boolean; queued: number }> {
  const { run, effects } = advance(journey.definition, fresh, { kind: 'start' }, now.getTime(), facts);
  if (!(await new RunRepository(m).insert(journey.workspaceId, journey.journeyId, run))) return { started: false, queued: 0 };
  return { started: true, queued: await applyEffects(m, journey.workspaceId, run, effects, now) };
}
