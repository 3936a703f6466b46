import { MessageOutcome } from '@cairn/contracts';
import { ConcurrentChange } from '@cairn/core';
import { JourneyEvent, JourneyRun, messageEvent, reachesGoal } from '@cairn/journeys-domain';
import { EntityManager } from 'typeorm';
import { JourneyRepository } from '../../definitions/journey.repository';
import { StoredRun } from '../../runs/run.repository';
import { RunBatchRepository } from '../../runs/run-batch.repository';

/**
 * Converts the runs whose goal names a message event (`Message Clicked`, …)
 * that these receipt outcomes of their messages are, within the goal's window
 * and `where`, once per run. A run changed meanwhile by another consumer
 * rolls the batch back (RUN_CHANGED, retried).
 */
export async function convertOnMessageEvents(m: EntityManager, outcomes: MessageOutcome[]): Promise<number> {
  const events = outcomes.flatMap((o) => {
    const event = o.journey && messageEvent({ status: o.status, channel: o.channel, step: o.journey.step, at: Date.parse(o.at) });
    return event ? [{ outcome: o, runId: o.journey!.runId, event }] : [];
  });
  if (events.length === 0) return 0;
  const runs = new RunBatchRepository(m);
  const stored = await runs.unconvertedByIds(events.map((e) => ({ workspaceId: e.outcome.workspaceId, runId: e.runId })));
  if (stored.size === 0) return 0;
  const versions = await new JourneyRepository(m).versions([...stored.values()].map((s) => ({ journeyId: s.journeyId, version: s.run.version })));
  const definitionOf = new Map(versions.map((v) => [`${v.journeyId}:${v.version}`, v.definition]));
  const changes = new Map<string, { stored: StoredRun; run: JourneyRun }>();
  for (const { runId, event } of [...events].sort((a, b) => a.event.at - b.event.at)) {
    const s = stored.get(runId);
    const definition = s && definitionOf.get(`${s.journeyId}:${s.run.version}`);
    if (!s || !definition) continue;
    const current = changes.get(runId)?.run ?? s.run;
    if (reachesGoal(definition, current, event as JourneyEvent)) changes.set(runId, { stored: s, run: { ...current, converted: true, convertedAt: event.at } });
  }
  const updated = await runs.update([...changes.values()]);
  if (updated.size < changes.size) throw new ConcurrentChange('RUN_CHANGED', 'a run converted by a message event changed concurrently; retrying the batch');
  return updated.size;
}
