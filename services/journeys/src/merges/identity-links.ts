import { BehaviourEvent, identityLinksIn } from '@cairn/contracts';
import { ConcurrentChange } from '@cairn/core';
import { mergeRuns, RunOf } from '@cairn/journeys-domain';
import { EntityManager } from 'typeorm';
import { RunBatchRepository } from '../runs/run-batch.repository';
import { TimerRepository } from '../runs/timer.repository';
import { IdentityLinkRepository } from '../identity/identity-link.repository';
import { lockIds, lockResolved } from '../identity/identity-lock';
import { IdentityMergeRepository } from './identity-merge.repository';

/** A link an event carries, with the traits of the identify that carried it (they are the user's newest). */
export interface IdentityLinkInput {
  from: string;
  to: string;
  traits: Record<string, unknown>;
}

/** The identity links of a batch (the rule every consumer shares: `identityLinksIn`), with their identify traits. */
export function linksIn(events: readonly BehaviourEvent[]): IdentityLinkInput[] {
  const traits = new Map(events.filter((e) => e.type === 'identify' && e.traits).map((e) => [e.messageId, e.traits!]));
  return identityLinksIn(events).map((l) => ({ from: l.from, to: l.to, traits: traits.get(l.messageId) ?? {} }));
}

/**
 * Stores the batch's new identity links and merges each linked id into its
 * final user (chains followed): its runs, traits and item interest become the
 * user's (identity-merge.ts). The first link of an id wins; a link that would
 * close a cycle is ignored. Race-free: the merge holds the locks of both ids
 * (identity-lock.ts), which every batch touching either id also takes.
 */
export async function linkIdentities(m: EntityManager, workspaceId: string, links: IdentityLinkInput[], now: Date): Promise<number> {
  let merged = 0;
  for (const link of links) if (await linkOne(m, workspaceId, link, now)) merged++;
  return merged;
}

async function linkOne(m: EntityManager, workspaceId: string, link: IdentityLinkInput, now: Date): Promise<boolean> {
  const links = new IdentityLinkRepository(m);
  const finals = await links.resolveFinal(workspaceId, [link.from, link.to]);
  const target = finals.get(link.to)!;
  if (finals.get(link.from) !== link.from || target === link.from) return false; // already linked, or a cycle
  if (!(await links.insert(workspaceId, link.from, target, now))) return false; // another link of this id won
  await lockIds(m, workspaceId, [link.from, target]);
  // The target may have been merged away meanwhile (committed before our lock): merge into its final user.
  const into = (await lockResolved(m, workspaceId, [target])).get(target)!;
  await mergeInto(m, workspaceId, { from: link.from, into, traits: link.traits }, now);
  return true;
}

/** The merged id's traits, runs and item interest become the user's; its own row goes. */
async function mergeInto(
  m: EntityManager,
  workspaceId: string,
  merge: { from: string; into: string; traits: Record<string, unknown> },
  now: Date,
): Promise<void> {
  const repo = new IdentityMergeRepository(m);
  const traits = { ...(await repo.traitsOf(workspaceId, merge.from)), ...(await repo.traitsOf(workspaceId, merge.into)), ...merge.traits };
  await new RunBatchRepository(m).saveUsers(workspaceId, [{ userId: merge.into, traits }]);
  await repo.removeUser(workspaceId, merge.from);
  await moveRuns(m, workspaceId, merge.from, merge.into, traits, now);
  await repo.moveItemInterest(workspaceId, merge.from, merge.into);
}

async function moveRuns(m: EntityManager, workspaceId: string, from: string, into: string, traits: Record<string, unknown>, now: Date): Promise<void> {
  const repo = new IdentityMergeRepository(m);
  const theirs = await repo.runsOf(workspaceId, from);
  if (theirs.length === 0) return;
  const userActive = await repo.activeRunsOf(workspaceId, into);
  const result = mergeRuns({
    into,
    traits,
    merged: theirs.map((s): RunOf => ({ journeyId: s.journeyId, run: s.run })),
    userActive: userActive.map((s): RunOf => ({ journeyId: s.journeyId, run: s.run })),
    lastEpisodes: await repo.lastEpisodes(
      workspaceId,
      into,
      theirs.map((s) => s.journeyId),
    ),
    now: now.getTime(),
  });
  const revisionOf = new Map([...theirs, ...userActive].map((s) => [s.run.id, s]));
  const movedIds = new Set(result.moved.map((r) => r.run.id));
  const endedOfUser = result.exited.filter((r) => !movedIds.has(r.run.id)).map((r) => ({ stored: revisionOf.get(r.run.id)!, run: r.run }));
  const updated = await new RunBatchRepository(m).update(endedOfUser);
  const moved = await repo.moveRuns(
    workspaceId,
    result.moved.map((r) => ({ revision: revisionOf.get(r.run.id)!.revision, run: r.run })),
  );
  if (updated.size < endedOfUser.length || moved.size < result.moved.length) {
    throw new ConcurrentChange('RUN_CHANGED', `runs of ${workspaceId} changed while merging an identity; retrying the batch`);
  }
  if (result.exited.length > 0) await new TimerRepository(m).cancelForRuns(result.exited.map((r) => r.run.id));
}
