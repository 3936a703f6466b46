import { WorkspaceConfig } from '@cairn/config';
import { ConcurrentChange } from '@cairn/core';
import { EntityManager } from 'typeorm';
import { advance, createRun, decideEntry, EngineInput, EntryHistory, EntryTrigger, JourneyRun } from '@cairn/journeys-domain';
import { JourneyRepository, PublishedJourney } from '../definitions/journey.repository';
import { RunBatchRepository } from './run-batch.repository';
import { applyEffectsBatch, RunEffects } from './run-effects';
import { engineFacts } from './run-stepper';
import { StoredRun, UserFacts } from './run.repository';
import { runId } from './run-id';
import { withoutCancelledTimers } from './batch-effects';

/** A run the batch has read or started, with the revision it was read at and its state now. */
interface TrackedRun {
  stored: StoredRun;
  run: JourneyRun;
  isNew: boolean;
  dirty: boolean;
}

export interface BatchScope {
  workspaceId: string;
  workspace: WorkspaceConfig | undefined;
  now: Date;
  /** Users re-created after an erasure: the time of the erasure, which the runs they begin carry. */
  personSince?: ReadonlyMap<string, number>;
}

const EMPTY: UserFacts = { traits: {}, segments: [] };

/**
 * One consumed batch's users of one workspace, worked on in memory: their
 * facts, the runs an event can still change and their histories with the
 * journeys the batch's triggers enter are read up front (a fixed number of
 * queries), the triggers are applied in order by the pure engine, and
 * `flush` writes users, new runs (one insert), changed runs (one conditional
 * update on the revisions read) and the effects (one batch). A run that
 * changed or appeared concurrently rolls the whole batch back (RUN_CHANGED)
 * so the consumer retries it on fresh state.
 */
export class BatchRuns {
  private readonly batch: RunBatchRepository;
  private facts = new Map<string, UserFacts>();
  private readonly traitChanges = new Map<string, Record<string, unknown>>();
  private readonly segmentChanges = new Set<string>();
  private readonly runs = new Map<string, TrackedRun[]>();
  private readonly histories = new Map<string, EntryHistory>();
  private readonly versions = new Map<string, PublishedJourney>();
  private readonly effects: RunEffects[] = [];
  private openLoaded = false;

  constructor(
    private readonly m: EntityManager,
    private readonly scope: BatchScope,
  ) {
    this.batch = new RunBatchRepository(m);
  }

  /** Reads the users' facts and, when `openSince` is given, their runs an event at or after it can change. */
  async load(userIds: string[], openSince?: Date): Promise<void> {
    const users = [...new Set(userIds)];
    this.facts = await this.batch.userFacts(this.scope.workspaceId, users);
    if (!openSince) return;
    this.openLoaded = true;
    const open = await this.batch.openForUsers(this.scope.workspaceId, users, openSince);
    const journeys = await new JourneyRepository(this.m).versions(uniquePairs(open));
    for (const j of journeys) this.versions.set(`${j.journeyId}:${j.version}`, j);
    for (const stored of open) this.track(stored, false);
  }

  /** Reads the users' histories with the journeys they may enter. */
  async loadHistories(journeys: PublishedJourney[], userIds: string[]): Promise<void> {
    if (journeys.length === 0 || userIds.length === 0) return;
    for (const j of journeys) this.versions.set(`${j.journeyId}:${j.version}`, j);
    const found = await this.batch.historiesOf(
      this.scope.workspaceId,
      journeys.map((j) => j.journeyId),
      [...new Set(userIds)],
    );
    for (const [key, history] of found) this.histories.set(key, history);
  }

  mergeTraits(userId: string, traits: Record<string, unknown>): void {
    const user = this.user(userId);
    this.facts.set(userId, { ...user, traits: { ...user.traits, ...traits } });
    this.traitChanges.set(userId, { ...this.traitChanges.get(userId), ...traits });
  }

  setSegment(userId: string, segment: string, member: boolean): void {
    const user = this.user(userId);
    const segments = user.segments.filter((s) => s !== segment);
    if (member) segments.push(segment);
    this.facts.set(userId, { ...user, segments });
    this.segmentChanges.add(userId);
  }

  /** Offers an event to the user's runs it can still change (active, or ended with the goal window open). */
  feed(userId: string, input: Extract<EngineInput, { kind: 'event' }>): void {
    const at = input.event.at;
    for (const tracked of this.runs.get(userId) ?? []) {
      const run = tracked.run;
      if (run.status !== 'active' && (run.converted === true || run.goalDeadline === undefined || run.goalDeadline <= at)) continue;
      const journey = this.versions.get(`${tracked.stored.journeyId}:${run.version}`);
      if (!journey) continue;
      const next = advance(journey.definition, run, input, this.scope.now.getTime(), this.engineFacts(userId));
      if (next.effects.length === 0 && JSON.stringify(next.run) === JSON.stringify(run)) continue;
      tracked.run = next.run;
      tracked.dirty = true;
      this.effects.push({ workspaceId: this.scope.workspaceId, run: next.run, effects: next.effects });
    }
  }

  /** Starts a run of every given journey whose entry and re-entry rule accept the trigger. */
  enter(userId: string, journeys: PublishedJourney[], trigger: EntryTrigger): void {
    const now = this.scope.now.getTime();
    for (const journey of journeys) {
      const decision = decideEntry(journey.definition, trigger, now, this.history(journey.journeyId, userId));
      if (!decision.enter) continue;
      const user = this.user(userId);
      const since = this.scope.personSince?.get(userId);
      const fresh = createRun(
        journey.definition,
        {
          id: runId(this.scope.workspaceId, journey.journeyId, userId, decision.episode, since),
          version: journey.version,
          userId,
          episode: decision.episode,
          context: { entry: decision.entry, user: user.traits, ...(since !== undefined && { personSince: since }) },
        },
        now,
      );
      const { run, effects } = advance(journey.definition, fresh, { kind: 'start' }, now, this.engineFacts(userId));
      this.histories.set(`${journey.journeyId}:${userId}`, { active: false, everEntered: true, lastEnteredAt: run.enteredAt, lastEpisode: run.episode });
      this.track({ workspaceId: this.scope.workspaceId, journeyId: journey.journeyId, revision: 0, run }, true);
      this.effects.push({ workspaceId: this.scope.workspaceId, run, effects });
    }
  }

  /** Writes what the batch changed; returns how many message requests were queued. */
  async flush(): Promise<number> {
    const ws = this.scope.workspaceId;
    const users = new Set([...this.traitChanges.keys(), ...this.segmentChanges]);
    await this.batch.saveUsers(
      ws,
      [...users].map((userId) => ({
        userId,
        traits: this.traitChanges.get(userId) ?? {},
        ...(this.segmentChanges.size > 0 ? { segments: this.user(userId).segments } : {}),
      })),
    );
    const all = [...this.runs.values()].flat();
    const fresh = all.filter((t) => t.isNew);
    const inserted = await this.batch.insertMany(
      ws,
      fresh.map((t) => ({ journeyId: t.stored.journeyId, run: t.run })),
    );
    const changed = all.filter((t) => !t.isNew && t.dirty);
    const updated = await this.batch.update(changed.map((t) => ({ stored: t.stored, run: t.run })));
    if (inserted.size < fresh.length || updated.size < changed.length) {
      throw new ConcurrentChange('RUN_CHANGED', `runs of workspace ${ws} changed concurrently; retrying the batch`);
    }
    return applyEffectsBatch(this.m, withoutCancelledTimers(this.effects), this.scope.now);
  }

  private history(journeyId: string, userId: string): EntryHistory {
    const known = this.histories.get(`${journeyId}:${userId}`) ?? { active: false, everEntered: false };
    // With the user's open runs loaded, they say whether a run is active now (one may have ended in this batch).
    const tracked = (this.runs.get(userId) ?? []).some((t) => t.stored.journeyId === journeyId && t.run.status === 'active');
    return { ...known, active: tracked || (!this.openLoaded && known.active) };
  }

  private track(stored: StoredRun, isNew: boolean): void {
    const list = this.runs.get(stored.run.userId) ?? [];
    list.push({ stored, run: stored.run, isNew, dirty: false });
    this.runs.set(stored.run.userId, list);
  }

  private user(userId: string): UserFacts {
    return this.facts.get(userId) ?? EMPTY;
  }

  private engineFacts(userId: string) {
    return engineFacts(this.user(userId), this.scope.workspace);
  }
}

function uniquePairs(runs: StoredRun[]): Array<{ journeyId: string; version: number }> {
  const pairs = new Map<string, { journeyId: string; version: number }>();
  for (const s of runs) pairs.set(`${s.journeyId}:${s.run.version}`, { journeyId: s.journeyId, version: s.run.version });
  return [...pairs.values()];
}
