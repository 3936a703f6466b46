import { devWorkspace, WorkspaceConfig } from '@cairn/config';
import { BehaviourEvent, CatalogEvent, MembershipChange, MessageRequest, TOPICS, UserErasure } from '@cairn/contracts';
import { ServiceParts } from '@cairn/testing';
import { randomUUID } from 'node:crypto';
import { HandleCatalogUseCase } from '../consumer/handle-catalog/handle-catalog.usecase';
import { HandleEventsUseCase } from '../consumer/handle-events/handle-events.usecase';
import { HandleMembershipsUseCase } from '../consumer/handle-memberships/handle-memberships.usecase';
import { SaveCouponPoolUseCase } from '../coupons/save-coupon-pool/save-coupon-pool.usecase';
import { JourneyRepository } from '../definitions/journey.repository';
import { JourneyView } from '../definitions/journey.view';
import { PublishJourneyUseCase } from '../definitions/publish-journey/publish-journey.usecase';
import { SaveJourneyUseCase } from '../definitions/save-journey/save-journey.usecase';
import { JOURNEYS_MIGRATIONS } from '../migrations';
import { JourneyReferences } from '../refs/journey-references';
import { FireDueTimersUseCase } from '../runs/fire-due-timers/fire-due-timers.usecase';
import { ListUserJourneysUseCase, UserJourneyView } from '../runs/list-user-journeys/list-user-journeys.usecase';

// Answers are asserted field by field; a loose type keeps the assertions readable.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Row = any;

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** A second workspace, to show that one workspace's journeys, runs and pools are invisible to (and untouched by) another. */
export const OTHER: WorkspaceConfig = {
  ...devWorkspace(),
  id: 'other',
  name: 'Other',
  writeKeys: ['other-write-key-0001'],
  adminKeys: ['other-admin-key-0001'],
};

/** A send step of the kakao channel. */
export function sendStep(template: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { type: 'send', channel: 'kakao', template, category: 'promotional', next: null, ...overrides };
}

/** A journey entered on `event` that sends `template` at once (re-entered on every event). */
export function greeting(key: string, event = 'Signed Up', template = key): Record<string, unknown> {
  return { key, name: key, entry: { event }, reentry: { mode: 'always' }, start: 'hi', steps: { hi: sendStep(template) } };
}

/** A journey entered on `event` that waits `duration` and then sends `template`. */
export function delayed(key: string, event: string, duration: string, template = key): Record<string, unknown> {
  return {
    key,
    name: key,
    entry: { event },
    reentry: { mode: 'always' },
    start: 'hold',
    steps: { hold: { type: 'wait', duration, next: 'hi' }, hi: sendStep(template) },
  };
}

export interface StartOptions {
  /** Changes the workspaces (dev and OTHER) before anything is built, e.g. to give them a retention policy. */
  workspaces?: (workspaces: WorkspaceConfig[]) => WorkspaceConfig[];
}

/**
 * The parts journeys' use cases are built from, put together by hand on a
 * fresh, migrated database of the real Postgres: no Nest, no bus. The outbox
 * relay only counts its nudges (what a use case would publish is in the
 * outbox table); no other service is configured, so segments, templates and
 * channels are not checked (coupon pools, journeys' own, are). The clock
 * starts on Monday 2 November 2026, 09:00 in Seoul (the dev workspace's time
 * zone).
 */
export class JourneysParts extends ServiceParts {
  private constructor() {
    super({ service: 'journeys', schema: 'journeys', migrations: JOURNEYS_MIGRATIONS }, Date.UTC(2026, 10, 2, 0, 0));
  }

  static async start(options: StartOptions = {}): Promise<JourneysParts> {
    const parts = new JourneysParts();
    await parts.open();
    const workspaces = [devWorkspace(), OTHER];
    parts.config = { ...parts.config, services: {}, workspaces: options.workspaces ? options.workspaces(workspaces) : workspaces };
    return parts;
  }

  /** The dev workspace (Asia/Seoul). */
  get workspace(): WorkspaceConfig {
    return this.config.workspaces[0];
  }

  get references(): JourneyReferences {
    return this.once('references', () => new JourneyReferences(this.dataSource, this.config, this.logger));
  }

  get saveJourney(): SaveJourneyUseCase {
    return this.once('saveJourney', () => new SaveJourneyUseCase(this.dataSource, this.clock, this.references));
  }

  get publishJourney(): PublishJourneyUseCase {
    return this.once('publishJourney', () => new PublishJourneyUseCase(this.dataSource, this.config, this.clock, this.references));
  }

  get saveCouponPool(): SaveCouponPoolUseCase {
    return this.once('saveCouponPool', () => new SaveCouponPoolUseCase(this.dataSource, this.clock));
  }

  get handleEvents(): HandleEventsUseCase {
    return this.once('handleEvents', () => new HandleEventsUseCase(this.dataSource, this.config, this.clock, this.outbox));
  }

  get handleMemberships(): HandleMembershipsUseCase {
    return this.once('handleMemberships', () => new HandleMembershipsUseCase(this.dataSource, this.config, this.clock, this.outbox));
  }

  get handleCatalog(): HandleCatalogUseCase {
    return this.once('handleCatalog', () => new HandleCatalogUseCase(this.dataSource, this.config, this.clock, this.outbox));
  }

  get fireDueTimers(): FireDueTimersUseCase {
    return this.once('fireDueTimers', () => new FireDueTimersUseCase(this.dataSource, this.config, this.clock, this.logger, this.outbox));
  }

  get userJourneys(): ListUserJourneysUseCase {
    return this.once('userJourneys', () => new ListUserJourneysUseCase(this.dataSource));
  }

  /** Saves the journey as a draft of the workspace. */
  async draft(body: Record<string, unknown>, workspaceId = 'dev'): Promise<JourneyView> {
    return this.saveJourney.execute({ workspaceId, body });
  }

  /** Saves the journey and publishes it: active, on version 1 (or the next version when it exists). */
  async journey(body: Record<string, unknown>, workspaceId = 'dev'): Promise<JourneyView> {
    const key = String(body.key);
    if (await new JourneyRepository(this.dataSource.manager).find(workspaceId, key)) await this.saveJourney.execute({ workspaceId, idOrKey: key, body });
    else await this.draft(body, workspaceId);
    return this.publishJourney.execute({ workspaceId, idOrKey: key });
  }

  /** A generated coupon pool of the workspace. */
  async couponPool(key: string, prefix: string, workspaceId = 'dev'): Promise<void> {
    await this.saveCouponPool.execute({ workspaceId, key, body: { mode: 'generated', prefix, length: 8 } });
  }

  /** A track event of the user, stamped now (or `at`). */
  track(userId: string, event: string, properties: Record<string, unknown> = {}, options: { workspaceId?: string; at?: Date } = {}): BehaviourEvent {
    const at = (options.at ?? this.clock.now()).toISOString();
    return {
      v: 1,
      workspaceId: options.workspaceId ?? 'dev',
      messageId: randomUUID(),
      type: 'track',
      userId,
      event,
      properties,
      timestamp: at,
      receivedAt: this.clock.now().toISOString(),
    };
  }

  /** An identify event of the user with these traits, stamped now. */
  identify(userId: string, traits: Record<string, unknown>, workspaceId = 'dev'): BehaviourEvent {
    const at = this.clock.now().toISOString();
    return { v: 1, workspaceId, messageId: randomUUID(), type: 'identify', userId, traits, timestamp: at, receivedAt: at };
  }

  /** A segment entry or exit of the user, stamped now. */
  membership(userId: string, segmentKey: string, change: 'entered' | 'exited', seq: number, workspaceId = 'dev'): MembershipChange {
    return { v: 1, workspaceId, userId, segmentKey, change, seq, at: this.clock.now().toISOString(), cause: 'event' };
  }

  /** A catalog event of the item, stamped now. */
  catalogEvent(event: string, itemId: string, properties: Record<string, unknown> = {}, workspaceId = 'dev'): CatalogEvent {
    const at = this.clock.now().toISOString();
    return { v: 1, workspaceId, messageId: randomUUID(), event, itemId, properties, timestamp: at, receivedAt: at };
  }

  /** An erasure request of the person with these ids, made now. */
  erasure(userId: string, ids: string[] = [userId], workspaceId = 'dev'): UserErasure {
    return { v: 1, workspaceId, erasureId: randomUUID(), userId, ids, requestedAt: this.clock.now().toISOString(), suppress: false };
  }

  /** Handles the events as one consumed batch. */
  async events(events: BehaviourEvent[]): Promise<void> {
    await this.handleEvents.execute({ events });
  }

  /** Handles the membership changes as one consumed batch. */
  async memberships(changes: MembershipChange[]): Promise<void> {
    await this.handleMemberships.execute({ changes });
  }

  /** The user's runs in the workspace, newest first. */
  async runs(userId: string, workspaceId = 'dev'): Promise<UserJourneyView[]> {
    return this.userJourneys.execute({ workspaceId, userId });
  }

  /** The message requests written to the outbox (of one workspace, when named), in order. */
  async requests(workspaceId?: string): Promise<MessageRequest[]> {
    const rows: Array<{ value: Buffer }> = await this.dataSource.query(`SELECT value FROM journeys.outbox WHERE topic = $1 ORDER BY id`, [
      TOPICS.messageRequests,
    ]);
    const requests = rows.map((r) => JSON.parse(r.value.toString('utf8')) as MessageRequest);
    return workspaceId === undefined ? requests : requests.filter((r) => r.workspaceId === workspaceId);
  }

  /** The users the workspace's requests of this template went to, sorted. */
  async sentTo(template: string, workspaceId = 'dev'): Promise<string[]> {
    return (await this.requests(workspaceId))
      .filter((r) => r.template === template)
      .map((r) => r.userId)
      .sort();
  }
}
