export * from './condition.types';
export { validateSegmentDefinition, DESCRIPTION_MAX } from './validate-definition';
export { MAX_CONDITION_DEPTH, type SegmentReferences } from './validate-condition';
export { SEGMENT_KEY_RE } from './validation-support';
export {
  emptyUserState,
  applyEvent,
  applyEvents,
  applyTraits,
  prune,
  type EventOccurrence,
  type EventTotal,
  type UserState,
  type Retention,
  type PruneOptions,
} from './user-state';
export { evaluate, type Evaluation, type EvaluationContext } from './evaluate';
export { explain, type Explanation } from './explain';
export { referencedEvents, referencedTraits, referencedSegments, retentionFor, forEachLeaf } from './references';
export {
  lifecycleSegments,
  LIFECYCLE_STAGES,
  DEFAULT_LIFECYCLE_THRESHOLDS,
  ORDER_COMPLETED,
  SIGNED_IN,
  type LifecycleStage,
  type LifecycleThresholds,
} from './lifecycle';
export { applyOperator, valuesEqual, compareValues } from './operators';
