/**
 * The edges of a journey's step graph, for drawing it: where each step can
 * lead and on what. Pure.
 */
import { JourneyDefinition, JourneyStep, stepTargets } from './journey.types';

export interface StepEdge {
  /** The next step, or null for the end of the journey. */
  to: string | null;
  /** Why this way: `next`, `event` / `timeout` (waitUntil), `then` / `else` (branch), or a split path's share (`30%`). */
  on: string;
}

const LABELS: Record<string, string> = { next: 'next', onEvent: 'event', onTimeout: 'timeout', then: 'then', else: 'else' };

export function stepEdges(step: JourneyStep): StepEdge[] {
  const total = step.type === 'split' ? step.paths.reduce((sum, p) => sum + p.weight, 0) : 0;
  return stepTargets(step).map(({ field, target }, i) => ({
    to: target,
    on: step.type === 'split' ? `${total > 0 ? Math.round((step.paths[i].weight / total) * 100) : 0}%` : (LABELS[field] ?? field),
  }));
}

/** Step ids in the order a reader meets them: breadth first from `start`, then any step not reachable from it. */
export function stepOrder(def: Pick<JourneyDefinition, 'start' | 'steps'>): string[] {
  const seen = new Set<string>();
  const queue = [def.start];
  while (queue.length > 0) {
    const id = queue.shift()!;
    if (seen.has(id) || !def.steps[id]) continue;
    seen.add(id);
    for (const edge of stepEdges(def.steps[id])) if (edge.to !== null) queue.push(edge.to);
  }
  for (const id of Object.keys(def.steps)) seen.add(id);
  return [...seen];
}
