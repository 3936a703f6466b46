import { CairnConfig } from '@cairn/config';
import { BehaviourEvent, eventIdentity } from '@cairn/contracts';
import { CLOCK, Clock } from '@cairn/core';
import { OutboxRelay } from '@cairn/kafka';
import { CONFIG, consumeBatch, ConsumerScope, DATA_SOURCE, OUTBOX } from '@cairn/runtime';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { JourneyEvent } from '@cairn/journeys-domain';
import { entryName, JourneyRepository, PublishedJourney } from '../../definitions/journey.repository';
import { BatchRuns } from '../../runs/batch-runs';
import { recordItemInterest, UserEvent } from '../item-interest';
import { HandleEventsCommand } from './handle-events.command';

export const EVENTS_CONSUMER = 'journeys.events';
const SCOPE: ConsumerScope<BehaviourEvent> = { consumer: EVENTS_CONSUMER, identity: eventIdentity, workspaceOf: (e) => e.workspaceId };

/**
 * One batch of behaviour events in one transaction, set-based per workspace:
 * the batch's users, their open runs, the journeys its event names enter and
 * the users' histories with them are read in a fixed number of queries; then,
 * event by event in order, identify traits are kept for templates and time
 * zones, a track event first reaches the user's open runs (goal, exit
 * criteria, waitUntil) and then starts the journeys it enters; the changes
 * are written once at the end. The events catalog audiences name update the
 * item-interest projection. A redelivered message (same workspace and
 * messageId) is skipped.
 */
@Injectable()
export class HandleEventsUseCase {
  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(CONFIG) private readonly config: CairnConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(OUTBOX) private readonly outbox: OutboxRelay,
  ) {}

  async execute(command: HandleEventsCommand): Promise<void> {
    const now = this.clock.now();
    await consumeBatch({ dataSource: this.dataSource, schema: 'journeys', outbox: this.outbox }, SCOPE, command.events, (m, workspaceId, events) =>
      this.handleWorkspace(m, workspaceId, events, now),
    );
  }

  private async handleWorkspace(m: EntityManager, workspaceId: string, all: BehaviourEvent[], now: Date): Promise<number> {
    // Events of anonymous visitors do not reach journeys (yet).
    const events = all.filter((e) => !!e.userId);
    if (events.length === 0) return 0;
    const tracks = events.filter(isTrack);
    const names = [...new Set(tracks.map((e) => e.event as string))];
    const journeys = names.length > 0 ? await new JourneyRepository(m).activeByEntry(workspaceId, 'event', names) : [];
    const byName = groupByEntryEvent(journeys);
    const runs = new BatchRuns(m, { workspaceId, workspace: this.workspace(workspaceId), now });
    const since = tracks.length > 0 ? new Date(tracks.reduce((min, e) => Math.min(min, Date.parse(e.timestamp)), Infinity)) : undefined;
    await runs.load(
      events.map((e) => e.userId as string),
      since,
    );
    await runs.loadHistories(
      journeys,
      tracks.filter((e) => byName.has(e.event as string)).map((e) => e.userId as string),
    );
    for (const e of events) {
      const userId = e.userId as string;
      if (e.type === 'identify' && e.traits) runs.mergeTraits(userId, e.traits);
      if (!isTrack(e)) continue;
      const event = journeyEvent(e);
      runs.feed(userId, { kind: 'event', event });
      const entered = byName.get(event.name);
      if (entered) runs.enter(userId, entered, { kind: 'event', event });
    }
    await recordItemInterest(
      m,
      workspaceId,
      tracks.map((e): UserEvent => ({ userId: e.userId as string, event: journeyEvent(e) })),
    );
    return runs.flush();
  }

  private workspace(id: string) {
    return this.config.workspaces.find((w) => w.id === id);
  }
}

function isTrack(e: BehaviourEvent): boolean {
  return e.type === 'track' && !!e.event && !!e.userId;
}

function groupByEntryEvent(journeys: PublishedJourney[]): Map<string, PublishedJourney[]> {
  const out = new Map<string, PublishedJourney[]>();
  for (const j of journeys) {
    const name = entryName(j.definition);
    out.set(name, [...(out.get(name) ?? []), j]);
  }
  return out;
}

function journeyEvent(e: BehaviourEvent): JourneyEvent {
  return { name: e.event ?? '', properties: e.properties ?? {}, at: Date.parse(e.timestamp), messageId: e.messageId };
}
