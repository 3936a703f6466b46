import { WorkspaceConfig } from '@cairn/config';
import { EntityManager } from 'typeorm';
import { advance, createRun, decideEntry, EntryTrigger, JourneyRun } from '@cairn/journeys-domain';
import { PublishedJourney } from '../definitions/journey.repository';
import { personSince } from '../identity/erased-people';
import { lockResolved } from '../identity/identity-lock';
import { runId } from './run-id';
import { applyEffectsBatch, RunEffects } from './run-effects';
import { RunBatchRepository } from './run-batch.repository';
import { engineFacts } from './run-stepper';

export interface EnteredUsers {
  /** Users whose run was created by this call. */
  entered: string[];
  queued: number;
}

/**
 * Enters many users into one journey at once (a schedule occurrence, a
 * catalog event's audience), set-based: one query for their histories, one for
 * their traits and memberships, the pure engine per user in memory, one insert
 * of the runs and a batch of effects. Re-entry rules apply per user; a user
 * whose run already exists (redelivery) or is active is skipped. The users
 * are locked against a concurrent identity merge; an id merged away since the
 * page was read is skipped (it is its user's now).
 */
export async function enterUsers(
  m: EntityManager,
  journey: PublishedJourney,
  userIds: string[],
  trigger: EntryTrigger,
  workspace: WorkspaceConfig | undefined,
  now: Date,
): Promise<EnteredUsers> {
  if (userIds.length === 0) return { entered: [], queued: 0 };
  const finals = await lockResolved(m, journey.workspaceId, userIds);
  return enterLocked(
    m,
    journey,
    userIds.filter((u) => finals.get(u) === u),
    trigger,
    workspace,
    now,
  );
}

async function enterLocked(
  m: EntityManager,
  journey: PublishedJourney,
  userIds: string[],
  trigger: EntryTrigger,
  workspace: WorkspaceConfig | undefined,
  now: Date,
): Promise<EnteredUsers> {
  if (userIds.length === 0) return { entered: [], queued: 0 };
  const batch = new RunBatchRepository(m);
  const histories = await batch.histories(journey.workspaceId, journey.journeyId, userIds);
  const facts = await batch.userFacts(journey.workspaceId, userIds);
  const since = await personSince(m, journey.workspaceId, userIds);
  const started: Array<RunEffects> = [];
  for (const userId of userIds) {
    const history = histories.get(userId) ?? { active: false, everEntered: false };
    const decision = decideEntry(journey.definition, trigger, now.getTime(), history);
    if (!decision.enter) continue;
    const user = facts.get(userId) ?? { traits: {}, segments: [] };
    const personSinceMs = since.get(userId);
    const fresh: JourneyRun = createRun(
      journey.definition,
      {
        id: runId(journey.workspaceId, journey.journeyId, userId, decision.episode, personSinceMs),
        version: journey.version,
        userId,
        episode: decision.episode,
        context: { entry: decision.entry, user: user.traits, ...(personSinceMs !== undefined && { personSince: personSinceMs }) },
      },
      now.getTime(),
    );
    const { run, effects } = advance(journey.definition, fresh, { kind: 'start' }, now.getTime(), engineFacts(user, workspace));
    started.push({ workspaceId: journey.workspaceId, run, effects });
  }
  const inserted = await batch.insert(
    journey.workspaceId,
    journey.journeyId,
    started.map((s) => s.run),
  );
  const applied = started.filter((s) => inserted.has(s.run.id));
  const queued = await applyEffectsBatch(m, applied, now);
  return { entered: applied.map((s) => s.run.userId), queued };
}
