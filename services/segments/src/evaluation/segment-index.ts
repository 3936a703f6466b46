/**
 * The in-memory index of a workspace's segments and the evaluation of one user
 * over it live in `@cairn/segments-domain` (pure, shared with the simulator);
 * re-exported here for the evaluation side of this service.
 */
export { SegmentIndex, evaluateUser, createsCycle, type IndexedSegment, type MembershipChangeDecision, type UserEvaluation } from '@cairn/segments-domain';
