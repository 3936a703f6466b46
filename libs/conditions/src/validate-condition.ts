import type { Condition } from './condition.types';
import { validateEvent, validateTrait } from './validate-leaf';
import { checkKeys, checkSlug, child, isPlainObject, type Problems } from './validation-support';

/** Conditions nest at most this deep (the root condition is depth 1). */
export const MAX_CONDITION_DEPTH = 16;

const KINDS = ['all', 'any', 'not', 'segment', 'trait', 'event'] as const;
type Kind = (typeof KINDS)[number];
const KIND_LIST = `${KINDS.slice(0, -1).join(', ')} or ${KINDS[KINDS.length - 1]}`;

export interface SegmentReferences {
  segmentExists(key: string): boolean;
}

export interface ConditionScope {
  problems: Problems;
  refs: SegmentReferences;
  /** The key of the segment being defined, to refuse self-reference. */
  selfKey: string | undefined;
  /** How a list item's path is written: `all[1]` (the default) or `all.1`, as the caller's API does. */
  indexStyle?: 'brackets' | 'dots';
  /**
   * For a caller that keeps no event history (journeys' branches): event and
   * recency leaves are refused with this message at their path.
   */
  refuseHistory?: string;
}

/**
 * Validates one node of the condition tree and its children, reporting every
 * problem under its path (`condition.all[1].not.within`). Returns the
 * normalised node, or undefined when anything in it is wrong.
 */
export function validateCondition(input: unknown, path: string, depth: number, scope: ConditionScope): Condition | undefined {
  const { problems } = scope;
  if (depth > MAX_CONDITION_DEPTH) {
    problems.push({ path, message: `conditions nest at most ${MAX_CONDITION_DEPTH} levels deep` });
    return undefined;
  }
  if (!isPlainObject(input)) {
    problems.push({ path, message: `expected a condition object with one of ${KIND_LIST}` });
    return undefined;
  }
  const kinds = KINDS.filter((k) => Object.hasOwn(input, k));
  if (kinds.length !== 1) {
    const message =
      kinds.length === 0 ? `unknown condition; expected one of ${KIND_LIST}` : `ambiguous condition: ${kinds.join(' and ')} cannot be combined in one node`;
    problems.push({ path, message });
    return undefined;
  }
  return validateKind(kinds[0], input, path, depth, scope);
}

function validateKind(kind: Kind, input: Record<string, unknown>, path: string, depth: number, scope: ConditionScope): Condition | undefined {
  switch (kind) {
    case 'all':
    case 'any':
      return validateGroup(kind, input, path, depth, scope);
    case 'not': {
      checkKeys(input, ['not'], path, scope.problems);
      const inner = validateCondition(input.not, child(path, 'not'), depth + 1, scope);
      return inner && { not: inner };
    }
    case 'trait':
      return validateTrait(input, path, scope.problems);
    case 'event':
      if (scope.refuseHistory !== undefined) {
        scope.problems.push({ path, message: scope.refuseHistory });
        return undefined;
      }
      return validateEvent(input, path, scope.problems);
    case 'segment':
      return validateSegmentRef(input, path, scope);
  }
}

function validateGroup(kind: 'all' | 'any', input: Record<string, unknown>, path: string, depth: number, scope: ConditionScope): Condition | undefined {
  checkKeys(input, [kind], path, scope.problems);
  const list = input[kind];
  const listPath = child(path, kind);
  if (!Array.isArray(list) || list.length === 0) {
    scope.problems.push({ path: listPath, message: `${kind} needs a non-empty array of conditions` });
    return undefined;
  }
  const itemPath = (i: number) => (scope.indexStyle === 'dots' ? `${listPath}.${i}` : `${listPath}[${i}]`);
  const children = list.map((item, i) => validateCondition(item, itemPath(i), depth + 1, scope));
  if (children.some((c) => c === undefined)) return undefined;
  return kind === 'all' ? { all: children as Condition[] } : { any: children as Condition[] };
}

function validateSegmentRef(input: Record<string, unknown>, path: string, scope: ConditionScope): Condition | undefined {
  checkKeys(input, ['segment'], path, scope.problems);
  const keyPath = child(path, 'segment');
  const key = checkSlug(input.segment, keyPath, scope.problems);
  if (key === undefined) return undefined;
  if (key === scope.selfKey) {
    scope.problems.push({ path: keyPath, message: 'a segment cannot refer to itself' });
    return undefined;
  }
  if (!scope.refs.segmentExists(key)) {
    scope.problems.push({ path: keyPath, message: `unknown segment ${JSON.stringify(key)}` });
    return undefined;
  }
  return { segment: key };
}
