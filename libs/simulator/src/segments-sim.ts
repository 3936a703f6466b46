/**
 * Segments in virtual time, as the segments service decides them: a user's
 * state folds events at their timestamps and identify traits
 * (`@cairn/conditions`), an event re-evaluates only the segments that
 * reference its name or the traits it sets and their dependents, in
 * dependency order (`SegmentIndex` of `@cairn/segments-domain`), and each
 * evaluation's next-change instant arms a re-evaluation of every segment of
 * the user then (cause `time`). A change is stamped with the instant it was
 * decided.
 */
import { applyEvents, applyTraits, evaluateUser, prune, SegmentIndex, type SegmentDefinition, type UserState } from '@cairn/segments-domain';

export interface MembershipChange {
  userId: string;
  segmentKey: string;
  change: 'entered' | 'exited';
  at: number;
  cause: 'event' | 'time';
  /** The user's traits as segments knows them (journeys keeps them, as from the membership topic). */
  traits: Record<string, unknown>;
}

interface SegmentUser {
  state: UserState;
  memberOf: Set<string>;
  /** Per segment id: the next instant its answer can change with no new event. */
  nextChanges: Record<string, number>;
  /** The armed re-evaluation, if any. */
  dueAt: number | null;
}

export class SegmentsSim {
  private readonly index: SegmentIndex;
  private readonly users = new Map<string, SegmentUser>();

  constructor(
    segments: readonly SegmentDefinition[],
    /** Asks to be called back (`onTimer`) for a user at `at`. */
    private readonly arm: (userId: string, at: number) => void,
  ) {
    this.index = new SegmentIndex(
      'simulation',
      segments.map((s) => ({ id: s.key, key: s.key, condition: s.condition })),
    );
  }

  /** The user's segments now (keys). */
  membersOf(userId: string): string[] {
    return [...(this.users.get(userId)?.memberOf ?? [])];
  }

  track(userId: string, name: string, properties: Record<string, unknown>, at: number, now: number): MembershipChange[] {
    const user = this.user(userId);
    user.state = applyEvents(user.state, [{ name, at, properties }]);
    return this.evaluate(userId, user, this.index.affectedBy([name], []), false, now, 'event');
  }

  identify(userId: string, traits: Record<string, unknown>, now: number): MembershipChange[] {
    const user = this.user(userId);
    user.state = applyTraits(user.state, traits);
    return this.evaluate(userId, user, this.index.affectedBy([], Object.keys(traits)), false, now, 'event');
  }

  /** The armed re-evaluation came due: every segment of the user at `now`, cause `time`. */
  onTimer(userId: string, now: number): MembershipChange[] {
    const user = this.users.get(userId);
    if (!user || user.dueAt !== now) return [];
    return this.evaluate(userId, user, this.index.ordered, true, now, 'time');
  }

  private user(userId: string): SegmentUser {
    let user = this.users.get(userId);
    if (!user) this.users.set(userId, (user = { state: { traits: {}, events: [], totals: {} }, memberOf: new Set(), nextChanges: {}, dueAt: null }));
    return user;
  }

  private evaluate(
    userId: string,
    user: SegmentUser,
    segments: ReturnType<SegmentIndex['affectedBy']>,
    complete: boolean,
    now: number,
    cause: 'event' | 'time',
  ): MembershipChange[] {
    // Occurrences no condition can need any more are dropped, as the service's prune does (it changes no answer).
    user.state = prune(user.state, this.index.retention, now);
    const result = evaluateUser(segments, this.index, user.state, user.memberOf, now);
    const nextChanges: Record<string, number> = complete ? {} : { ...user.nextChanges };
    for (const [id, at] of Object.entries(result.nextChanges)) {
      if (at === null) delete nextChanges[id];
      else nextChanges[id] = at;
    }
    user.nextChanges = nextChanges;
    const changes = result.changes.map((c): MembershipChange => {
      if (c.change === 'entered') user.memberOf.add(c.segment.id);
      else user.memberOf.delete(c.segment.id);
      return { userId, segmentKey: c.segment.key, change: c.change, at: now, cause, traits: user.state.traits };
    });
    const values = Object.values(nextChanges);
    const due = values.length === 0 ? null : Math.min(...values);
    if (due !== user.dueAt) {
      user.dueAt = due;
      if (due !== null) this.arm(userId, due);
    }
    return changes;
  }
}
