/**
 * Validation of a branch condition with the condition validator of
 * `@cairn/conditions` (the one segments uses), with journeys' paths
 * (`steps.check.if.any.1`) and its segment look-up. The condition is kept as
 * written; the library's normalised form is not stored.
 */
import { validateCondition as validateConditionTree } from '@cairn/conditions';
import type { BranchCondition } from './journey.types';
import { isRecord } from './matching';
import type { Problems } from './validation-support';

export function validateCondition(
  value: unknown,
  path: string,
  p: Problems,
  segmentExists: (key: string) => boolean,
): BranchCondition | undefined {
  validateConditionTree(value, path, 1, { problems: p.list, refs: { segmentExists }, selfKey: undefined, indexStyle: 'dots' });
  return isRecord(value) ? value : undefined;
}
