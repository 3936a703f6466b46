/**
 * The step engine: a pure function (definition, run, input, now, facts) →
 * (new run, effects). It never reads a clock, a database or a queue; the
 * caller persists the run with a conditional update and applies the effects.
 */
import type { AdvanceResult, EngineFacts, EngineInput, JourneyEvent } from './engine.types';
import { endRun, Walk, walkFrom } from './engine-walk';
import type { JourneyDefinition } from './journey.types';
import { matchesWhere } from './matching';
import type { JourneyRun } from './run';
import { reachesGoal } from './message-goals';

export function advance(def: JourneyDefinition, run: JourneyRun, input: EngineInput, now: number, facts: EngineFacts): AdvanceResult {
  // The walk changes the run's own fields and its occurrence counts, never what they hold (a new `waiting` replaces
  // the old one), so a copy of those two levels keeps the caller's run as it was: structuredClone of the whole run,
  // its entry context included, was a twentieth of the journeys service's time firing timers. A stored run whose
  // counts are missing stays without them (spread, null would become {}), so the walk fails on it as before and the
  // timer is set aside, not fired on a repaired copy.
  const w: Walk = { def, run: { ...run, occurrences: run.occurrences && { ...run.occurrences } }, effects: [], now, facts };
  switch (input.kind) {
    case 'start':
      onStart(w);
      break;
    case 'timer':
      onTimer(w, input.step, input.occurrence);
      break;
    case 'event':
      onEvent(w, input.event);
      break;
  }
  return { run: w.run, effects: w.effects };
}

/** Takes the first step; a run that has already started is left alone. */
function onStart(w: Walk): void {
  const run = w.run;
  if (run.status !== 'active' || run.step !== null || Object.keys(run.occurrences).length > 0) return;
  walkFrom(w, w.def.start);
}

/** A due timer moves the run on only if it is the one the run waits for; anything else is stale. */
function onTimer(w: Walk, stepId: string, occurrence: number): void {
  const { run, def } = w;
  const waiting = run.waiting;
  if (run.status !== 'active' || !waiting || waiting.step !== stepId || waiting.occurrence !== occurrence) return;
  if (run.occurrences[stepId] !== occurrence) return;
  const step = def.steps[stepId];
  delete run.waiting;
  if (step?.type === 'wait') walkFrom(w, step.next);
  else if (step?.type === 'waitUntil') walkFrom(w, step.onTimeout);
  else endRun(w, 'exited', { type: 'exited', reason: 'unknown_step', step: stepId });
}

/**
 * An event may, in this order: convert the run (goal), exit it (exit
 * criteria, interrupting any step), or satisfy the waitUntil it waits on.
 * Events that happened before the run's trigger are ignored, and so is the
 * triggering message itself.
 */
function onEvent(w: Walk, event: JourneyEvent): void {
  const run = w.run;
  const entry = run.context.entry;
  if (event.messageId !== undefined && event.messageId === entry.messageId) return;
  if (event.at < entry.at) return;
  recordGoal(w, event);
  if (run.status !== 'active') return;
  const exit = w.def.exitOn.find((c) => c.event === event.name && matchesWhere(c.where, event.properties));
  if (exit) {
    endRun(w, 'exited', { type: 'exited', reason: 'exit_criteria', event: event.name });
    return;
  }
  const waiting = run.waiting;
  if (waiting?.kind !== 'event' || waiting.event !== event.name || waiting.unresolved?.length) return;
  if (!matchesWhere(waiting.match, event.properties)) return;
  const step = w.def.steps[waiting.step];
  delete run.waiting;
  w.effects.push({ type: 'cancelTimers' });
  if (step?.type === 'waitUntil') walkFrom(w, step.onEvent);
  else endRun(w, 'exited', { type: 'exited', reason: 'unknown_step', step: waiting.step });
}

/** Records the conversion once, for treatment and holdout alike, while the goal window is open. */
function recordGoal(w: Walk, event: JourneyEvent): void {
  if (!reachesGoal(w.def, w.run, event)) return;
  w.run.converted = true;
  w.run.convertedAt = event.at;
  w.effects.push({ type: 'converted', at: event.at });
}
