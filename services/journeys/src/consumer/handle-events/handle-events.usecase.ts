import { CairnConfig } from '@cairn/config';
import { BehaviourEvent, eventIdentity, eventIdentityOf } from '@cairn/contracts';
import { BatchGroup, CLOCK, Clock } from '@cairn/core';
import { OutboxRelay } from '@cairn/kafka';
import { CONFIG, consumeBatch, ConsumerScope, DATA_SOURCE, idsOfEvent, OUTBOX, withoutErasedEvents } from '@cairn/runtime';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { JourneyEvent } from '@cairn/journeys-domain';
import { entryName, JourneyRepository, PublishedJourney } from '../../definitions/journey.repository';
import { personSince } from '../../identity/erased-people';
import { linkIdentities, linksIn } from '../../merges/identity-links';
import { lockResolved } from '../../identity/identity-lock';
import { BatchRuns } from '../../runs/batch-runs';
import { CONSUMER_LANES } from '../consumer-lanes';
import { recordItemInterest, UserEvent } from '../item-interest';
import { HandleEventsCommand } from './handle-events.command';
import { quietEvents } from './quiet-events';

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
 *
 * A workspace's events that can change nothing (no identity link, no
 * linked id, no run they can reach, no journey they enter: quiet-events.ts)
 * are skipped before the transaction, in one statement.
 *
 * Identity: the batch's identity links (an identify or any event with both
 * ids, an alias) are applied first, merging the linked id's runs into the
 * user (identity/identity-links.ts); then every event counts for the final
 * user of its id, anonymous ones included, with those users locked against a
 * concurrent merge (identity/identity-lock.ts). Events of an erased person
 * are dropped (withoutErasedEvents); the runs of a person re-created after an
 * erasure carry `personSince`.
 */
@Injectable()
export class HandleEventsUseCase {
  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(CONFIG) private readonly config: CairnConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(OUTBOX) private readonly outbox: OutboxRelay,
  ) {}

  /** Partitions' batches that arrive while CONSUMER_LANES transactions are in flight go together in the next one. */
  private readonly group = new BatchGroup<BehaviourEvent>((events) => this.handle(events), CONSUMER_LANES);

  async execute(command: HandleEventsCommand): Promise<void> {
    if (command.events.length > 0) await this.group.submit(command.events);
  }

  private async handle(all: BehaviourEvent[]): Promise<void> {
    const batch = await this.withoutQuietWorkspaces(all);
    if (batch.length === 0) return;
    const now = this.clock.now();
    await consumeBatch({ dataSource: this.dataSource, schema: 'journeys', outbox: this.outbox }, SCOPE, batch, (m, workspaceId, events) =>
      this.handleWorkspace(m, workspaceId, events, now),
    );
  }

  private async handleWorkspace(m: EntityManager, workspaceId: string, batch: BehaviourEvent[], now: Date): Promise<number> {
    const { events, erased } = await withoutErasedEvents(m, 'journeys', workspaceId, batch);
    if (events.length === 0) return 0;
    await linkIdentities(m, workspaceId, linksIn(events), now);
    const finals = await lockResolved(
      m,
      workspaceId,
      events.map((e) => eventIdentityOf(e)!),
    );
    const reborn = await personSince(m, workspaceId, finals.values(), { ids: new Set(events.flatMap(idsOfEvent)), records: erased });
    const userOf = (e: BehaviourEvent) => finals.get(eventIdentityOf(e)!)!;
    const tracks = events.filter(isTrack);
    const names = [...new Set(tracks.map((e) => e.event as string))];
    const journeys = names.length > 0 ? await new JourneyRepository(m).activeByEntry(workspaceId, 'event', names) : [];
    const byName = groupByEntryEvent(journeys);
    const runs = new BatchRuns(m, { workspaceId, workspace: this.workspace(workspaceId), now, personSince: reborn });
    const since = tracks.length > 0 ? new Date(tracks.reduce((min, e) => Math.min(min, Date.parse(e.timestamp)), Infinity)) : undefined;
    await runs.load(events.map(userOf), since);
    await runs.loadHistories(journeys, tracks.filter((e) => byName.has(e.event as string)).map(userOf));
    for (const e of events) {
      const userId = userOf(e);
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
      tracks.map((e): UserEvent => ({ userId: userOf(e), event: journeyEvent(e) })),
    );
    return runs.flush();
  }

  /** The batch without the events of workspaces where they can change nothing (quiet-events.ts). */
  private async withoutQuietWorkspaces(batch: BehaviourEvent[]): Promise<BehaviourEvent[]> {
    const byWorkspace = new Map<string, BehaviourEvent[]>();
    for (const e of batch) {
      const list = byWorkspace.get(e.workspaceId);
      if (list) list.push(e);
      else byWorkspace.set(e.workspaceId, [e]);
    }
    const quiet = new Set<string>();
    for (const [workspaceId, events] of byWorkspace) if (await quietEvents(this.dataSource.manager, workspaceId, events)) quiet.add(workspaceId);
    return quiet.size === 0 ? batch : batch.filter((e) => !quiet.has(e.workspaceId));
  }

  private workspace(id: string) {
    return this.config.workspaces.find((w) => w.id === id);
  }
}

function isTrack(e: BehaviourEvent): boolean {
  return e.type === 'track' && !!e.event;
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
