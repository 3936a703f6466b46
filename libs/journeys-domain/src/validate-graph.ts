/**
 * Graph checks over a journey's steps: the start exists, every target names a
 * step, every step is reachable from the start, and every loop passes through
 * a wait of at least MIN_LOOP_WAIT (otherwise one input could walk it
 * forever, or a short wait could send on every lap many times a minute).
 */
import { parseDuration, tryParseDuration } from '@cairn/core';
import type { JourneyStep } from './journey.types';
import { stepTargets } from './journey.types';
import { join, Problems } from './validation-support';

/** The shortest wait that may close a loop: `1m`. A `wait` until a local time always qualifies (it waits for the next day's). */
export const MIN_LOOP_WAIT = '1m';

/** A step that holds a run for at least MIN_LOOP_WAIT (or until an event, or a local time). */
export function isLoopWait(step: JourneyStep): boolean {
  const min = parseDuration(MIN_LOOP_WAIT);
  // A duration already refused by the step checks counts as no wait.
  if (step.type === 'wait') return step.until !== undefined || (tryParseDuration(step.duration) ?? 0) >= min;
  if (step.type === 'waitUntil') return (tryParseDuration(step.timeout) ?? 0) >= min;
  return false;
}

export function validateGraph(steps: Map<string, JourneyStep>, start: string | undefined, p: Problems): void {
  if (start !== undefined && !steps.has(start)) p.add('start', `unknown step "${start}"`);
  for (const [id, step] of steps) {
    for (const { field, target } of stepTargets(step)) {
      if (target !== null && !steps.has(target)) p.add(join(`steps.${id}`, field), `unknown step "${target}"`);
    }
  }
  if (start !== undefined && steps.has(start)) {
    const reachable = reachableFrom(steps, start);
    const unreachable = [...steps.keys()].filter((id) => !reachable.has(id));
    for (const id of unreachable) p.add(`steps.${id}`, `step "${id}" is unreachable from start "${start}"`);
  }
  for (const cycle of instantCycles(steps)) {
    p.add(`steps.${cycle[0]}`, `loop without a wait of at least ${MIN_LOOP_WAIT}: ${[...cycle, cycle[0]].join(' → ')}`);
  }
}

function successors(steps: Map<string, JourneyStep>, id: string): string[] {
  const step = steps.get(id);
  if (!step) return [];
  return stepTargets(step)
    .map((t) => t.target)
    .filter((t): t is string => t !== null && steps.has(t));
}

export function reachableFrom(steps: Map<string, JourneyStep>, start: string): Set<string> {
  const seen = new Set<string>([start]);
  const queue = [start];
  while (queue.length > 0) {
    for (const next of successors(steps, queue.shift() as string)) {
      if (!seen.has(next)) {
        seen.add(next);
        queue.push(next);
      }
    }
  }
  return seen;
}

/**
 * Cycles among steps that do not hold a run for long (branch, split, send,
 * exit, waits shorter than MIN_LOOP_WAIT), each reported once, as the list of
 * steps in order. Iterative DFS with colours.
 */
export function instantCycles(steps: Map<string, JourneyStep>): string[][] {
  const instant = (id: string) => !isLoopWait(steps.get(id) as JourneyStep);
  const state = new Map<string, 'open' | 'done'>();
  const cycles: string[][] = [];
  for (const root of steps.keys()) {
    if (!instant(root) || state.has(root)) continue;
    const stack: Array<{ id: string; next: string[] }> = [];
    const push = (id: string) => {
      state.set(id, 'open');
      stack.push({ id, next: successors(steps, id).filter(instant) });
    };
    push(root);
    while (stack.length > 0) {
      const frame = stack[stack.length - 1];
      const child = frame.next.shift();
      if (child === undefined) {
        state.set(frame.id, 'done');
        stack.pop();
      } else if (state.get(child) === 'open') {
        const from = stack.findIndex((f) => f.id === child);
        cycles.push(stack.slice(from).map((f) => f.id));
      } else if (!state.has(child)) {
        push(child);
      }
    }
  }
  return cycles;
}
