/**
 * Validation of a branch condition with the condition validator of
 * `@cairn/conditions` (the one segments uses), with journeys' paths
 * (`steps.check.if.any.1`) and its segment look-up. The condition is kept as
 * written; the library's normalised form is not stored.
 *
 * Journeys keeps traits and segment memberships, not event history, so a
 * branch refuses event and recency conditions: they belong in a segment,
 * which the branch then names.
 */
import { forEachLeaf, isEventCount, isRecency, validateCondition as validateConditionTree, type Condition } from '@cairn/conditions';
import type { BranchCondition, JourneyDefinition } from './journey.types';
import { isRecord } from './matching';
import type { Problems } from './validation-support';

export const BRANCH_HISTORY_REFUSED = 'a branch cannot see event history; define a segment with this condition and branch on { "segment": "<key>" }';

export function validateCondition(value: unknown, path: string, p: Problems, segmentExists: (key: string) => boolean): BranchCondition | undefined {
  validateConditionTree(value, path, 1, {
    problems: p.list,
    refs: { segmentExists },
    selfKey: undefined,
    indexStyle: 'dots',
    refuseHistory: BRANCH_HISTORY_REFUSED,
  });
  return isRecord(value) ? value : undefined;
}

/**
 * The branch steps of a stored definition whose condition holds an event or
 * recency leaf: only versions saved before branches refused them can.
 */
export function branchesOnHistory(definition: JourneyDefinition): string[] {
  return Object.entries(definition.steps)
    .filter(([, step]) => step.type === 'branch' && readsHistory(step.if as unknown as Condition))
    .map(([id]) => id);
}

function readsHistory(condition: Condition): boolean {
  let found = false;
  forEachLeaf(condition, (leaf) => {
    found ||= isEventCount(leaf) || isRecency(leaf);
  });
  return found;
}
