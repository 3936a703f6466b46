export * from './condition.types';
export { applyOperator, valuesEqual, compareValues, lookupPath, matchesPredicate, matchesWhere } from './operators';
export { validateCondition, MAX_CONDITION_DEPTH, type ConditionScope, type SegmentReferences } from './validate-condition';
export { checkOperand, validateTrait, validateWhere, validateEvent, type WhereOptions } from './validate-leaf';
export {
  FORBIDDEN_KEYS,
  SEGMENT_KEY_RE,
  SEGMENT_KEY_MAX,
  NAME_MAX,
  isPlainObject,
  child,
  checkKeys,
  checkName,
  checkSlug,
  checkDuration,
  scanForbiddenKeys,
  type Problems,
} from './validation-support';
export {
  emptyUserState,
  applyEvent,
  applyEvents,
  applyTraits,
  prune,
  MAX_EVENTS_PER_USER,
  MAX_TRAITS_PER_USER,
  type EventOccurrence,
  type EventTotal,
  type UserState,
  type Retention,
  type PruneOptions,
} from './user-state';
export { evaluate, LATEST_INSTANT, type Evaluation, type EvaluationContext } from './evaluate';
export { explain, type Explanation } from './explain';
export { referencedEvents, referencedTraits, referencedSegments, retentionFor, forEachLeaf } from './references';
/** Test support: compact builders for user states and instants (specs only). */
export * as conditionSpecHelpers from './spec-helpers';
