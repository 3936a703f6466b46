import {
  evaluate,
  referencedEvents,
  referencedSegments,
  referencedTraits,
  retentionFor,
  type Condition,
  type Retention,
  type UserState,
} from '@cairn/conditions';

/** A stored segment definition, as the evaluation side needs it. */
export interface IndexedSegment {
  id: string;
  key: string;
  condition: Condition;
}

/**
 * The in-memory index of one workspace's segments: which segments an event
 * name or a trait can change, in an order where a referenced segment is
 * always evaluated before the segments that reference it. Rebuilt whenever
 * the workspace's definitions version changes.
 */
export class SegmentIndex {
  /** Dependencies first. */
  readonly ordered: IndexedSegment[];
  readonly retention: Retention;
  /** key → id, for segment references. */
  readonly idByKey: ReadonlyMap<string, string>;
  private readonly position = new Map<string, number>();
  private readonly byEvent = new Map<string, IndexedSegment[]>();
  private readonly byTrait = new Map<string, IndexedSegment[]>();
  /** key → segments that reference it. */
  private readonly dependents = new Map<string, IndexedSegment[]>();

  constructor(
    readonly version: string,
    segments: readonly IndexedSegment[],
  ) {
    this.ordered = dependencyOrder(segments);
    this.ordered.forEach((s, i) => this.position.set(s.id, i));
    this.idByKey = new Map(this.ordered.map((s) => [s.key, s.id]));
    for (const s of this.ordered) {
      for (const name of referencedEvents(s.condition)) push(this.byEvent, name, s);
      for (const name of referencedTraits(s.condition)) for (const key of traitKeys(name)) push(this.byTrait, key, s);
      for (const key of referencedSegments(s.condition)) push(this.dependents, key, s);
    }
    this.retention = retentionFor(this.ordered.map((s) => s.condition));
  }

  /** The segments an arrival of these events or trait changes can affect, with their dependents, in evaluation order. */
  affectedBy(events: Iterable<string>, traits: Iterable<string>): IndexedSegment[] {
    const hit = new Map<string, IndexedSegment>();
    const queue: IndexedSegment[] = [];
    const add = (list: IndexedSegment[] | undefined) => list?.forEach((s) => hit.has(s.id) || (hit.set(s.id, s), queue.push(s)));
    for (const name of events) add(this.byEvent.get(name));
    for (const name of traits) add(this.byTrait.get(name));
    while (queue.length > 0) add(this.dependents.get(queue.pop()!.key));
    return [...hit.values()].sort((a, b) => this.position.get(a.id)! - this.position.get(b.id)!);
  }

  has(segmentId: string): boolean {
    return this.position.has(segmentId);
  }

  /** A segment and every segment that depends on it, transitively, in evaluation order. */
  withDependents(segmentId: string): IndexedSegment[] {
    const root = this.ordered.find((s) => s.id === segmentId);
    if (!root) return [];
    const hit = new Map<string, IndexedSegment>([[root.id, root]]);
    const queue = [root];
    while (queue.length > 0) {
      for (const d of this.dependents.get(queue.pop()!.key) ?? []) {
        if (hit.has(d.id)) continue;
        hit.set(d.id, d);
        queue.push(d);
      }
    }
    return [...hit.values()].sort((a, b) => this.position.get(a.id)! - this.position.get(b.id)!);
  }
}

/**
 * The top-level trait names whose update can change a trait leaf: its own name
 * and, for a dotted path (`address.city`), the first name on that path.
 */
function traitKeys(name: string): string[] {
  const head = name.split('.')[0];
  return head === name ? [name] : [name, head];
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Topological order over segment references; a cycle (refused at write time) falls back to definition order. */
function dependencyOrder(segments: readonly IndexedSegment[]): IndexedSegment[] {
  const byKey = new Map(segments.map((s) => [s.key, s]));
  const done = new Set<string>();
  const visiting = new Set<string>();
  const out: IndexedSegment[] = [];
  const visit = (s: IndexedSegment) => {
    if (done.has(s.id) || visiting.has(s.id)) return;
    visiting.add(s.id);
    for (const key of referencedSegments(s.condition)) {
      const dep = byKey.get(key);
      if (dep) visit(dep);
    }
    visiting.delete(s.id);
    done.add(s.id);
    out.push(s);
  };
  segments.forEach(visit);
  return out;
}

/** True when adding `candidate` (replacing a segment of the same key) creates a reference cycle. */
export function createsCycle(segments: readonly IndexedSegment[], candidate: IndexedSegment): boolean {
  const byKey = new Map(segments.map((s) => [s.key, s]));
  byKey.set(candidate.key, candidate);
  const seen = new Set<string>();
  const stack = [...referencedSegments(candidate.condition)];
  while (stack.length > 0) {
    const key = stack.pop()!;
    if (key === candidate.key) return true;
    if (seen.has(key)) continue;
    seen.add(key);
    const s = byKey.get(key);
    if (s) stack.push(...referencedSegments(s.condition));
  }
  return false;
}

export interface MembershipChangeDecision {
  segment: IndexedSegment;
  change: 'entered' | 'exited';
}

export interface UserEvaluation {
  changes: MembershipChangeDecision[];
  /** Per evaluated segment id: its next change instant (epoch ms) or null. */
  nextChanges: Record<string, number | null>;
}

/**
 * Evaluates the given segments (in evaluation order) for one user at `now`
 * against the user's current memberships (segment ids), and returns the
 * entries and exits. A segment reference reads the membership as updated by
 * the segments evaluated before it in this same pass.
 */
export function evaluateUser(
  segments: readonly IndexedSegment[],
  index: SegmentIndex,
  state: UserState,
  memberOf: ReadonlySet<string>,
  now: number,
): UserEvaluation {
  const current = new Set(memberOf);
  const ctx = { isMember: (key: string) => current.has(index.idByKey.get(key) ?? '') };
  const changes: MembershipChangeDecision[] = [];
  const nextChanges: Record<string, number | null> = {};
  for (const segment of segments) {
    const { value, nextChangeAt } = evaluate(segment.condition, state, now, ctx);
    nextChanges[segment.id] = nextChangeAt;
    if (value === current.has(segment.id)) continue;
    if (value) current.add(segment.id);
    else current.delete(segment.id);
    changes.push({ segment, change: value ? 'entered' : 'exited' });
  }
  return { changes, nextChanges };
}
