/**
 * Walking the step graph: instantaneous steps (branch, split, send, exit) are
 * taken one after another until the run reaches a waiting step or its end.
 * Works on a run the caller already copied; mutates that copy.
 */
import { nextLocalTime, parseDuration, stableId, stableUnitInterval } from '@cairn/core';
import type { EngineFacts, Effect, ExitReason } from './engine.types';
import type { JourneyDefinition, SendStep, SplitStep, StepTarget, WaitStep, WaitUntilStep } from './journey.types';
import { resolveMatch } from './matching';
import type { JourneyRun } from './run';

/** A validated journey has no loop without a wait; this only stops a corrupt one. */
export const MAX_STEPS_PER_ADVANCE = 500;
/**
 * Steps one run may take in its life (every occurrence of every step). A run
 * that reaches it exits with reason `step_limit`: a loop through a long wait
 * still ends.
 */
export const MAX_STEPS_PER_RUN = 1_000;

function stepsTaken(run: JourneyRun): number {
  let n = 0;
  for (const count of Object.values(run.occurrences)) n += count;
  return n;
}

export interface Walk {
  def: JourneyDefinition;
  run: JourneyRun;
  effects: Effect[];
  now: number;
  facts: EngineFacts;
}

export function idempotencyKey(runId: string, step: string, occurrence: number): string {
  return stableId(runId, step, String(occurrence));
}

/** Takes steps from `target` on until the run waits, completes or exits. */
export function walkFrom(w: Walk, target: StepTarget): void {
  let current = target;
  for (let taken = 0; taken < MAX_STEPS_PER_ADVANCE; taken++) {
    if (current === null) return complete(w);
    if (stepsTaken(w.run) >= MAX_STEPS_PER_RUN) return endRun(w, 'exited', { type: 'exited', reason: 'step_limit', step: current });
    const step = w.def.steps[current];
    if (!step) return endRun(w, 'exited', { type: 'exited', reason: 'unknown_step', step: current });
    const occurrence = (w.run.occurrences[current] ?? 0) + 1;
    w.run.occurrences[current] = occurrence;
    w.run.step = current;
    switch (step.type) {
      case 'wait':
        return startWait(w, current, occurrence, step);
      case 'waitUntil':
        return startWaitUntil(w, current, occurrence, step);
      case 'branch':
        current = w.facts.evaluateCondition(step.if, w.now) ? step.then : step.else;
        break;
      case 'split':
        current = pickSplitPath(w.def.key, w.run.userId, current, step);
        break;
      case 'send':
        emitSend(w, current, occurrence, step);
        current = step.next;
        break;
      case 'exit':
        return endRun(w, 'exited', { type: 'exited', reason: 'exit_step', step: current });
    }
  }
  endRun(w, 'exited', { type: 'exited', reason: 'step_limit', step: current ?? undefined });
}

function startWait(w: Walk, id: string, occurrence: number, step: WaitStep): void {
  // Strictly after now: a loop through `until` can never come due at once again.
  const dueAt = step.until ? nextLocalTime(new Date(w.now + 1), step.until, w.facts.timezone).getTime() : w.now + parseDuration(step.duration as string);
  w.run.waiting = { kind: 'timer', step: id, occurrence, until: dueAt };
  w.effects.push({ type: 'scheduleTimer', step: id, occurrence, dueAt });
}

function startWaitUntil(w: Walk, id: string, occurrence: number, step: WaitUntilStep): void {
  const dueAt = w.now + parseDuration(step.timeout);
  const { match, unresolved } = resolveMatch(step.match, w.run.context);
  w.run.waiting = { kind: 'event', step: id, occurrence, until: dueAt, event: step.event, match };
  if (unresolved.length > 0) w.run.waiting.unresolved = unresolved;
  w.effects.push({ type: 'scheduleTimer', step: id, occurrence, dueAt });
}

/** Deterministic per (journey, user, step): cumulative weights against a stable bucket. */
export function pickSplitPath(journeyKey: string, userId: string, stepId: string, step: SplitStep): StepTarget {
  const total = step.paths.reduce((sum, path) => sum + path.weight, 0);
  const bucket = stableUnitInterval(journeyKey, userId, stepId) * total;
  let cumulative = 0;
  for (const path of step.paths) {
    cumulative += path.weight;
    if (bucket < cumulative) return path.next;
  }
  return step.paths[step.paths.length - 1].next;
}

function emitSend(w: Walk, id: string, occurrence: number, step: SendStep): void {
  if (w.run.group === 'holdout') {
    w.effects.push({ type: 'holdoutSkipped', step: id, occurrence });
    return;
  }
  w.effects.push({
    type: 'send',
    idempotencyKey: idempotencyKey(w.run.id, id, occurrence),
    step: id,
    occurrence,
    channel: step.channel,
    template: step.template,
    category: step.category,
    ...(step.coupon ? { coupon: { pool: step.coupon.pool } } : {}),
    ...(step.fallback ? { fallback: { channel: step.fallback.channel, template: step.fallback.template } } : {}),
  });
}

function complete(w: Walk): void {
  w.run.step = null;
  endRun(w, 'completed', { type: 'completed' });
}

/** Ends the run; cancels timers when it was waiting on one. */
export function endRun(w: Walk, status: 'completed' | 'exited', effect: Effect & { type: 'completed' | 'exited' }): void {
  if (w.run.waiting) w.effects.push({ type: 'cancelTimers' });
  delete w.run.waiting;
  w.run.status = status;
  w.run.endedAt = w.now;
  if (effect.type === 'exited') w.run.exitReason = effect.reason satisfies ExitReason;
  w.effects.push(effect);
}
