/**
 * One workspace in virtual time, in one process: the scenario's events, the
 * segments' time-driven re-evaluations, the journeys' timers and schedules
 * and messaging's deferred sends come off one agenda in time order. What one
 * of them causes happens at the same virtual instant, in the order the
 * pipeline has it: journeys sees an event before the membership changes it
 * causes, and a message request is decided when it is made.
 */
import { ValidationFailed } from '@cairn/core';
import { checkResources, effectivePolicy, formatProblem, type PreparedResources, type Resource } from './resources';
import { JourneysSim } from './journeys-sim';
import { MessagingSim, type IntentTransition, type SimIntent } from './messaging-sim';
import type { ScenarioEvent, Scenario } from './scenario';
import { SegmentsSim, type MembershipChange } from './segments-sim';
import { Agenda } from './agenda';
import { describeTransition, describeEvent } from './trace-lines';
import { iso, isoOrNull, type SimSegmentChange, type SimSkippedSend, type SimulationReport, type TraceEntry } from './output';

type Task =
  | { kind: 'start' }
  | { kind: 'event'; event: ScenarioEvent }
  | { kind: 'segments'; userId: string }
  | { kind: 'timer'; runId: string; step: string; occurrence: number; generation: number }
  | { kind: 'schedule'; journeyKey: string }
  | { kind: 'deferred'; intent: SimIntent };

export interface SimulationOptions {
  /** The workspace id the run and coupon ids are derived from (default `simulation`). */
  workspaceId?: string;
  /** At most this many agenda items (events, timers, re-evaluations); more throws SimulationTooLarge. */
  maxSteps?: number;
  /** Keep the timeline `--format text` prints (default true; the JSON result does not need it). */
  trace?: boolean;
}

export class SimulationTooLarge extends ValidationFailed {
  constructor(maxSteps: number) {
    super([{ path: '', message: `the simulation takes more than ${maxSteps} steps; shorten it (until) or use fewer users and events` }]);
  }
}

/** Resources that do not pass their validators: every problem as `source: path: message`. */
export class InvalidResources extends ValidationFailed {
  constructor(readonly problems: Array<{ source: string; path: string; message: string }>) {
    super(
      problems.map((p) => ({ path: `${p.source}${p.path ? `: ${p.path}` : ''}`, message: p.message })),
      `the resources are not valid: ${problems.map(formatProblem).join('; ')}`,
    );
  }
}

export class Simulation {
  private readonly agenda = new Agenda<Task>();
  private readonly segmentsSim: SegmentsSim;
  private readonly journeysSim: JourneysSim;
  private readonly messaging: MessagingSim;
  private readonly changes: SimSegmentChange[] = [];
  private readonly skips: SimSkippedSend[] = [];
  private readonly trace: TraceEntry[] = [];
  private membershipSeq = 0;
  private steps = 0;
  private readonly users = new Set<string>();

  constructor(
    prepared: PreparedResources,
    private readonly scenario: Scenario,
    private readonly options: SimulationOptions = {},
  ) {
    const ws = scenario.workspace;
    const workspaceId = options.workspaceId ?? 'simulation';
    this.segmentsSim = new SegmentsSim(prepared.segments, (userId, at) => this.agenda.add(at, { kind: 'segments', userId }));
    // The workspace's settings for the kr-ad-law preset, as messaging passes its workspace configuration.
    const krAdLaw = { senderName: ws.senderName ?? '', optOutText: ws.optOutText };
    this.messaging = new MessagingSim(
      {
        timezone: ws.timezone,
        policy: effectivePolicy(prepared.policyBody, ws.compliance),
        krAdLaw,
        templates: prepared.templates,
        channels: new Set(prepared.channels.map((c) => c.key)),
      },
      (until, intent) => this.agenda.add(until, { kind: 'deferred', intent }),
      (intent, t) => t.status !== 'SENDING' && this.note(t.at, intent.request.userId, () => describeTransition(intent, t, ws.timezone)),
    );
    this.journeysSim = new JourneysSim(
      prepared.journeys,
      { workspaceId, timezone: ws.timezone, pools: prepared.couponPools },
      {
        request: (request, now) => this.messaging.request(request, now),
        timer: (at, runId, step, occurrence, generation) => this.agenda.add(at, { kind: 'timer', runId, step, occurrence, generation }),
        schedule: (at, journeyKey) => this.agenda.add(at, { kind: 'schedule', journeyKey }),
        skipped: (run, step, reason, now) => this.skip(run.userId, run.journeyKey, run.version, step, reason, now),
        trace: (at, userId, what) => this.note(at, userId, what),
      },
    );
    this.agenda.add(scenario.start, { kind: 'start' });
    for (const event of scenario.events) this.agenda.add(Math.max(event.at, scenario.start), { kind: 'event', event });
  }

  /** Runs the whole scenario at once. */
  run(): SimulationReport {
    while (this.step()) {
      // keep going
    }
    return this.report();
  }

  /** Runs the scenario, handing the event loop back every `every` steps (a server must not stall on a long run). */
  async runAsync(every = 2_000): Promise<SimulationReport> {
    for (let n = 1; this.step(); n++) if (n % every === 0) await new Promise((resolve) => setImmediate(resolve));
    return this.report();
  }

  /** Takes the next agenda item; false when nothing is due before `until`. */
  step(): boolean {
    const at = this.agenda.peekAt();
    if (at === undefined || at > this.scenario.until) return false;
    const item = this.agenda.pop()!;
    this.steps++;
    if (this.options.maxSteps !== undefined && this.steps > this.options.maxSteps) throw new SimulationTooLarge(this.options.maxSteps);
    this.handle(item.task, Math.max(item.at, this.scenario.start), item.at);
    return true;
  }

  private handle(task: Task, now: number, dueAt: number): void {
    switch (task.kind) {
      case 'start':
        return this.begin(now);
      case 'event':
        return this.event(task.event, now);
      case 'segments':
        return this.memberships(this.segmentsSim.onTimer(task.userId, now), now);
      case 'timer':
        return this.journeysSim.fireTimer(task.runId, task.step, task.occurrence, task.generation, now);
      case 'schedule':
        return this.journeysSim.fireSchedule(task.journeyKey, dueAt, now);
      case 'deferred':
        return this.messaging.redecide(task.intent, now);
    }
  }

  /** The scenario's users as they are at the start: their traits (an identify) and consents. */
  private begin(now: number): void {
    this.journeysSim.start(now);
    for (const [userId, user] of Object.entries(this.scenario.users)) {
      this.users.add(userId);
      if (user.consents) this.messaging.updateConsents(userId, user.consents, now);
      if (Object.keys(user.traits).length === 0) continue;
      this.journeysSim.identify(userId, user.traits);
      this.memberships(this.segmentsSim.identify(userId, user.traits, now), now);
    }
  }

  private event(e: ScenarioEvent, now: number): void {
    this.note(now, e.type === 'catalog' ? undefined : e.userId, () => describeEvent(e, now));
    if (e.type === 'catalog')
      return this.journeysSim.catalog({ name: e.event, itemId: e.itemId, properties: e.properties, at: e.at, messageId: `event-${e.index}` }, now);
    this.users.add(e.userId);
    if (e.type === 'consent') return this.messaging.updateConsents(e.userId, e.consents, now);
    if (e.type === 'identify') {
      this.journeysSim.identify(e.userId, e.traits);
      return this.memberships(this.segmentsSim.identify(e.userId, e.traits, now), now);
    }
    this.journeysSim.track(e.userId, { name: e.event, properties: e.properties, at: e.at, messageId: `event-${e.index}` }, now);
    this.memberships(this.segmentsSim.track(e.userId, e.event, e.properties, e.at, now), now);
  }

  private memberships(changes: MembershipChange[], now: number): void {
    for (const c of changes) {
      this.changes.push({ userId: c.userId, segment: c.segmentKey, change: c.change, at: iso(c.at), cause: c.cause });
      this.note(now, c.userId, () => `${c.change} segment ${c.segmentKey} (${c.cause})`);
      this.journeysSim.membership(c, `membership-${++this.membershipSeq}`, now);
    }
  }

  private skip(userId: string, journey: string, version: number, step: string, reason: SimSkippedSend['reason'], now: number): void {
    this.skips.push({ userId, journey, version, step, reason, at: iso(now) });
    this.note(now, userId, () => `${journey} v${version}: ${step} not sent (${reason})`);
  }

  private note(at: number, userId: string | undefined, what: string | (() => string)): void {
    if (this.options.trace === false) return;
    const text = typeof what === 'string' ? what : what();
    this.trace.push(userId === undefined ? { at, what: text } : { at, userId, what: text });
  }

  private report(): SimulationReport {
    return {
      messages: this.messaging.intents.map((i) => ({
        userId: i.request.userId,
        journey: i.request.journey.key,
        journeyVersion: i.request.journey.version,
        step: i.request.journey.step,
        channel: i.request.channel,
        template: i.request.template,
        category: i.request.category,
        status: i.status,
        reason: i.reason,
        content: i.content,
        createdAt: iso(i.createdAt),
        sentAt: isoOrNull(i.sentAt),
        deferredUntil: isoOrNull(i.deferredUntil),
      })),
      segments: this.changes,
      runs: this.journeysSim.records.map(({ run }) => ({
        userId: run.userId,
        journey: run.journeyKey,
        version: run.version,
        status: run.status,
        exitReason: run.exitReason ?? null,
        enteredAt: iso(run.enteredAt),
        endedAt: isoOrNull(run.endedAt),
        group: run.group,
        step: run.step,
        converted: run.converted === true,
      })),
      skipped: this.skips,
      trace: this.trace,
      stats: { users: this.users.size, events: this.scenario.events.length, steps: this.steps, start: this.scenario.start, until: this.scenario.until },
    };
  }
}

/**
 * Checks the resources with the services' validators and runs the scenario
 * over them. Throws InvalidResources when a resource is invalid.
 */
export function simulate(resources: readonly Resource[], scenario: Scenario, options: SimulationOptions = {}): SimulationReport {
  return prepareSimulation(resources, scenario, options).run();
}

export function prepareSimulation(resources: readonly Resource[], scenario: Scenario, options: SimulationOptions = {}): Simulation {
  const { prepared, problems } = checkResources(resources, scenario.workspace.compliance);
  if (problems.length > 0) throw new InvalidResources(problems);
  return new Simulation(prepared, scenario, options);
}

export type { IntentTransition };
