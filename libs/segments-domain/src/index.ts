/**
 * What the rest of segments uses of the domain: the condition language from
 * `@cairn/conditions` (grammar, validation building blocks, evaluation,
 * explain, references and the per-user state), and what is segments' own (the
 * definition and its validation, the lifecycle stages, the index of a
 * workspace's segments and the evaluation of one user over it).
 */
export {
  type Condition,
  emptyUserState,
  applyEvent,
  applyEvents,
  applyTraits,
  prune,
  type EventOccurrence,
  type EventTotal,
  type UserState,
  type Retention,
  evaluate,
  type Evaluation,
  type EvaluationContext,
  explain,
  type Explanation,
  referencedEvents,
  referencedTraits,
  referencedSegments,
  retentionFor,
} from '@cairn/conditions';
export { validateSegmentDefinition, DESCRIPTION_MAX, type SegmentDefinition } from './validate-definition';
export {
  lifecycleSegments,
  LIFECYCLE_STAGES,
  DEFAULT_LIFECYCLE_THRESHOLDS,
  ORDER_COMPLETED,
  SIGNED_IN,
  type LifecycleStage,
  type LifecycleThresholds,
} from './lifecycle';
export { SegmentIndex, evaluateUser, createsCycle, type IndexedSegment, type MembershipChangeDecision, type UserEvaluation } from './segment-index';
