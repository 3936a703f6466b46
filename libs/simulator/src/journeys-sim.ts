/**
 * Journeys in virtual time, as the journeys service runs them: an event first
 * reaches the user's open runs (goal, exit criteria, `waitUntil`) and then
 * starts the journeys it enters; a membership change starts the journeys
 * entered on that segment; a catalog event enters its audience (the
 * catalog-audience rules of `@cairn/journeys-domain`); schedules enter a
 * segment's members at each cron occurrence; timers advance waiting runs.
 * Entries follow `decideEntry` (maxEventAge, one active run, re-entry), runs
 * move by the step engine's `advance`, branches by `decideBranch`, splits and
 * holdouts by their stable buckets, coupons as the service issues them.
 */
import { resolveTimeZone, stableId } from '@cairn/core';
import {
  advance,
  createRun,
  decideBranch,
  decideEntry,
  entryKind,
  inCatalogAudience,
  itemInterestRows,
  mergeItemInterest,
  nextCronTime,
  type CatalogAudience,
  type CatalogEntry,
  type Effect,
  type EngineFacts,
  type EngineInput,
  type EntryHistory,
  type EntryTrigger,
  type ItemInterest,
  type JourneyEvent,
  type JourneyRun,
  type ScheduleEntry,
} from '@cairn/journeys-domain';
import { CouponsSim } from './coupons-sim';
import type { SimRequest } from './messaging-sim';
import type { SimJourney } from './resources';
import type { MembershipChange } from './segments-sim';

/** Where the journeys' effects go: messaging, the agenda, the report. */
export interface JourneysSink {
  request(request: SimRequest, now: number): void;
  timer(at: number, runId: string, step: string, occurrence: number, generation: number): void;
  schedule(at: number, journeyKey: string): void;
  skipped(run: JourneyRun, step: string, reason: 'holdout' | 'coupon_unavailable', now: number): void;
  trace(at: number, userId: string, what: () => string): void;
}

export interface RunRecord {
  run: JourneyRun;
  journey: SimJourney;
  /** Bumped by every cancelTimers: a timer of an older generation is stale. */
  timerGeneration: number;
}

interface UserFacts {
  traits: Record<string, unknown>;
  segments: string[];
}

export interface CatalogTrigger {
  name: string;
  itemId: string;
  properties: Record<string, unknown>;
  at: number;
  messageId: string;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  map.set(key, [...(map.get(key) ?? []), value]);
}

export class JourneysSim {
  readonly records: RunRecord[] = [];
  private readonly users = new Map<string, UserFacts>();
  private readonly runsByUser = new Map<string, RunRecord[]>();
  private readonly runsById = new Map<string, RunRecord>();
  private readonly entries = { event: new Map<string, SimJourney[]>(), segment: new Map<string, SimJourney[]>(), catalog: new Map<string, SimJourney[]>() };
  private readonly interest = new Map<string, Map<string, ItemInterest>>();
  private readonly notified = new Map<string, number>();
  private readonly sendKeys = new Set<string>();
  private readonly coupons: CouponsSim;
  private readonly audiences: CatalogAudience[];

  constructor(
    private readonly journeys: readonly SimJourney[],
    private readonly settings: { workspaceId: string; timezone: string; pools: ConstructorParameters<typeof CouponsSim>[0] },
    private readonly sink: JourneysSink,
  ) {
    this.coupons = new CouponsSim(settings.pools, settings.workspaceId);
    for (const j of journeys) {
      const entry = j.definition.entry;
      const kind = entryKind(entry);
      if (kind === 'event') push(this.entries.event, (entry as { event: string }).event, j);
      if (kind === 'segment') push(this.entries.segment, (entry as { segment: string }).segment, j);
      if (kind === 'catalog') push(this.entries.catalog, (entry as CatalogEntry).catalogEvent, j);
    }
    this.audiences = journeys.filter((j) => entryKind(j.definition.entry) === 'catalog').map((j) => (j.definition.entry as CatalogEntry).audience);
  }

  /** Arms the first occurrence of every schedule-entry journey. */
  start(now: number): void {
    for (const j of this.journeys) {
      if (entryKind(j.definition.entry) !== 'schedule') continue;
      const next = nextCronTime((j.definition.entry as ScheduleEntry).schedule, new Date(now), this.settings.timezone);
      if (next) this.sink.schedule(next.getTime(), j.definition.key);
    }
  }

  identify(userId: string, traits: Record<string, unknown>): void {
    const user = this.user(userId);
    this.users.set(userId, { ...user, traits: { ...user.traits, ...traits } });
  }

  track(userId: string, event: JourneyEvent, now: number): void {
    this.feed(userId, { kind: 'event', event }, now);
    for (const journey of this.entries.event.get(event.name) ?? []) this.enter(journey, userId, { kind: 'event', event }, now);
    for (const row of itemInterestRows([{ userId, event }], this.audiences)) {
      const byUser = this.interest.get(row.itemId) ?? new Map<string, ItemInterest>();
      this.interest.set(row.itemId, byUser);
      byUser.set(userId, mergeItemInterest(byUser.get(userId), row));
    }
  }

  membership(change: MembershipChange, messageId: string, now: number): void {
    const user = this.user(change.userId);
    const segments = user.segments.filter((s) => s !== change.segmentKey);
    if (change.change === 'entered') segments.push(change.segmentKey);
    this.users.set(change.userId, { traits: { ...user.traits, ...change.traits }, segments });
    const trigger: EntryTrigger = {
      kind: 'segment',
      segment: change.segmentKey,
      change: change.change === 'entered' ? 'enter' : 'exit',
      at: change.at,
      messageId,
    };
    for (const journey of this.entries.segment.get(change.segmentKey) ?? []) this.enter(journey, change.userId, trigger, now);
  }

  catalog(c: CatalogTrigger, now: number): void {
    const trigger: EntryTrigger = {
      kind: 'catalog',
      event: { name: c.name, properties: { ...c.properties, itemId: c.itemId }, at: c.at, messageId: c.messageId },
    };
    for (const journey of this.entries.catalog.get(c.name) ?? []) {
      // The event itself (where, maxEventAge) is checked once, with a blank history.
      if (!decideEntry(journey.definition, trigger, now, { active: false, everEntered: false }).enter) continue;
      const audience = (journey.definition.entry as CatalogEntry).audience;
      const candidates = [...(this.interest.get(c.itemId) ?? new Map<string, ItemInterest>()).values()].sort((a, b) => (a.userId < b.userId ? -1 : 1));
      for (const interest of candidates) {
        const key = `${journey.definition.key}\u0000${c.itemId}\u0000${interest.userId}`;
        if (!inCatalogAudience(interest, audience, c.at, this.notified.get(key))) continue;
        if (this.enter(journey, interest.userId, trigger, now)) this.notified.set(key, interest.interestedAt!);
      }
    }
  }

  fireTimer(runId: string, step: string, occurrence: number, generation: number, now: number): void {
    const record = this.runsById.get(runId);
    if (!record || record.timerGeneration !== generation) return;
    this.advanceRun(record, { kind: 'timer', step, occurrence }, now);
  }

  fireSchedule(journeyKey: string, dueAt: number, now: number): void {
    const journey = this.journeys.find((j) => j.definition.key === journeyKey);
    if (!journey) return;
    const entry = journey.definition.entry as ScheduleEntry;
    const members = [...this.users.entries()].filter(([, u]) => u.segments.includes(entry.segment)).map(([id]) => id);
    for (const userId of members.sort()) this.enter(journey, userId, { kind: 'schedule', segment: entry.segment, at: dueAt }, now);
    const next = nextCronTime(entry.schedule, new Date(now), this.settings.timezone);
    if (next) this.sink.schedule(next.getTime(), journeyKey);
  }

  private user(userId: string): UserFacts {
    return this.users.get(userId) ?? { traits: {}, segments: [] };
  }

  private facts(userId: string): EngineFacts {
    const user = this.user(userId);
    return {
      timezone: resolveTimeZone(user.traits.timezone, this.settings.timezone),
      evaluateCondition: (c, now) => decideBranch(c, user, now),
    };
  }

  /** Offers an event to the user's runs it can still change (active, or ended with the goal window open). */
  private feed(userId: string, input: Extract<EngineInput, { kind: 'event' }>, now: number): void {
    for (const record of this.runsByUser.get(userId) ?? []) {
      const run = record.run;
      if (run.status !== 'active' && (run.converted === true || run.goalDeadline === undefined || run.goalDeadline <= input.event.at)) continue;
      this.advanceRun(record, input, now);
    }
  }

  private history(journeyKey: string, userId: string): EntryHistory {
    const runs = (this.runsByUser.get(userId) ?? []).filter((r) => r.journey.definition.key === journeyKey).map((r) => r.run);
    if (runs.length === 0) return { active: false, everEntered: false };
    return {
      active: runs.some((r) => r.status === 'active'),
      everEntered: true,
      lastEnteredAt: Math.max(...runs.map((r) => r.enteredAt)),
      lastEpisode: Math.max(...runs.map((r) => r.episode)),
    };
  }

  /** Starts a run when the entry and re-entry rules accept the trigger; true when it did. */
  private enter(journey: SimJourney, userId: string, trigger: EntryTrigger, now: number): boolean {
    const def = journey.definition;
    const decision = decideEntry(def, trigger, now, this.history(def.key, userId));
    if (!decision.enter) return false;
    const run = createRun(
      def,
      {
        id: stableId(this.settings.workspaceId, def.key, userId, String(decision.episode)),
        version: journey.version,
        userId,
        episode: decision.episode,
        context: { entry: decision.entry, user: this.user(userId).traits },
      },
      now,
    );
    const record: RunRecord = { run, journey, timerGeneration: 0 };
    this.records.push(record);
    push(this.runsByUser, userId, record);
    this.runsById.set(run.id, record);
    this.sink.trace(now, userId, () => `enters ${def.key} v${journey.version}${run.group === 'holdout' ? ' (holdout)' : ''}`);
    this.advanceRun(record, { kind: 'start' }, now);
    return true;
  }

  private advanceRun(record: RunRecord, input: EngineInput, now: number): void {
    const { run, effects } = advance(record.journey.definition, record.run, input, now, this.facts(record.run.userId));
    record.run = run;
    for (const effect of effects) this.apply(record, effect, now);
  }

  private apply(record: RunRecord, effect: Effect, now: number): void {
    const { run } = record;
    const label = `${run.journeyKey} v${run.version}`;
    switch (effect.type) {
      case 'scheduleTimer':
        this.sink.timer(effect.dueAt, run.id, effect.step, effect.occurrence, record.timerGeneration);
        this.sink.trace(now, run.userId, () => `${label}: waits at ${effect.step}`);
        return;
      case 'cancelTimers':
        record.timerGeneration++;
        return;
      case 'holdoutSkipped':
        this.sink.skipped(run, effect.step, 'holdout', now);
        return;
      case 'converted':
        this.sink.trace(now, run.userId, () => `${label}: converted (goal)`);
        return;
      case 'completed':
        this.sink.trace(now, run.userId, () => `${label}: completed`);
        return;
      case 'exited':
        this.sink.trace(
          now,
          run.userId,
          () => `${label}: exited (${effect.reason}${effect.event ? `: ${effect.event}` : ''}${effect.step ? ` at ${effect.step}` : ''})`,
        );
        return;
      case 'send':
        return this.send(record, effect, now);
    }
  }

  private send(record: RunRecord, effect: Extract<Effect, { type: 'send' }>, now: number): void {
    if (this.sendKeys.has(effect.idempotencyKey)) return;
    this.sendKeys.add(effect.idempotencyKey);
    const { run } = record;
    let coupon: { pool: string; code: string } | undefined;
    if (effect.coupon) {
      const code = this.coupons.issue(effect.coupon.pool, run.id);
      if (code === undefined) return this.sink.skipped(run, effect.step, 'coupon_unavailable', now);
      coupon = { pool: effect.coupon.pool, code };
    }
    const journey = { key: run.journeyKey, version: run.version, runId: run.id, step: effect.step };
    const request: SimRequest = {
      userId: run.userId,
      idempotencyKey: effect.idempotencyKey,
      journey,
      channel: effect.channel,
      template: effect.template,
      category: effect.category,
      context: { user: run.context.user, entry: run.context.entry, journey, ...(coupon ? { coupon } : {}) },
    };
    this.sink.request(request, now);
  }
}
