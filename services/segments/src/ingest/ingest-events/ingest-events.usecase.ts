import { eventIdentity, type BehaviourEvent } from '@cairn/contracts';
import { BatchGroup, CLOCK, Clock } from '@cairn/core';
import { OutboxRelay } from '@cairn/kafka';
import { consumeBatch, ConsumerScope, DATA_SOURCE, OUTBOX, withoutErasedEvents } from '@cairn/runtime';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { applyEvents, applyTraits, prune, type EventOccurrence } from '@cairn/segments-domain';
import { ItemOccurrenceRepository } from '../../audiences/item-occurrence.repository';
import { reevaluateAndRecord, type Reevaluation } from '../../evaluation/reevaluate';
import { SegmentCatalog } from '../../evaluation/segment-catalog';
import { UNREFERENCED_EVENT_RETENTION_MS } from '../../evaluation/user-state.repository';
import { linkIdentities, linksIn } from '../identity-links';
import { IngestEventsCommand } from './ingest-events.command';
import { lockResolved } from '../resolve-identities';

export const EVENTS_CONSUMER = 'segments-events';
const SCOPE: ConsumerScope<BehaviourEvent> = { consumer: EVENTS_CONSUMER, identity: eventIdentity, workspaceOf: (e) => e.workspaceId };
/**
 * Transactions of this consumer at once. The consumer hands over several partitions' batches at a time; those that
 * wait are merged, so a busy consumer writes larger batches in fewer statements.
 */
const INGEST_LANES = 2;

interface UserBatch {
  userId: string;
  occurrences: EventOccurrence[];
  traits: Record<string, unknown>;
  lastMessageId: string;
}

/**
 * Folds a batch of behaviour events into the users' states and re-evaluates,
 * for each user, only the segments that reference the incoming event names or
 * changed traits (and the segments depending on those). One transaction:
 * message ids are claimed first, so a redelivered event changes nothing and
 * publishes nothing.
 *
 * `track` events become occurrences at their `timestamp`; `identify` merges
 * its traits. Late and out-of-order events are inserted at their own
 * timestamp (see domain/user-state.ts); evaluation happens at the clock's now.
 * Identity links (`alias`, or an event carrying both ids) merge the
 * anonymous history into the user's first (see identity-links.ts). Events of
 * an erased person are dropped (withoutErasedEvents). Other
 * types (page, screen, group) are not used by segments yet.
 */
@Injectable()
export class IngestEventsUseCase {
  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(OUTBOX) private readonly outbox: OutboxRelay,
    private readonly catalog: SegmentCatalog,
  ) {}

  /** Partitions' batches that arrive while INGEST_LANES transactions are in flight go together in the next one. */
  private readonly group = new BatchGroup<BehaviourEvent>((events) => this.ingest(events), INGEST_LANES);

  async execute(command: IngestEventsCommand): Promise<void> {
    if (command.events.length > 0) await this.group.submit(command.events);
  }

  private async ingest(events: BehaviourEvent[]): Promise<void> {
    // Workspaces in a fixed order (consumeBatch), so two batches running at once lock their users in the same order.
    await consumeBatch({ dataSource: this.dataSource, schema: 'segments', outbox: this.outbox }, SCOPE, events, (m, workspaceId, mine) =>
      this.ingestWorkspace(m, workspaceId, mine),
    );
  }

  private async ingestWorkspace(m: EntityManager, workspaceId: string, batch: BehaviourEvent[]): Promise<number> {
    const now = this.clock.now();
    // An erased person's late or replayed events are dropped (and every event of an id the workspace suppresses).
    const { events } = await withoutErasedEvents(m, 'segments', workspaceId, batch);
    const linked = await linkIdentities(m, workspaceId, linksIn(events), this.catalog, now);
    const ids = events.flatMap((e) => (counted(e) ? [identityOf(e)!] : []));
    if (ids.length === 0) return linked;
    // Every id (anonymous or not) counts for its final user; re-checked once the rows are locked (resolve-identities.ts).
    const { finals, locked } = await lockResolved(m, workspaceId, ids, now);
    const users = groupByUser(events, finals);
    await new ItemOccurrenceRepository(m).record(workspaceId, [...users.values()]);
    // Read after the locks: a definition committed before a concurrent backfill reached these users is seen here.
    const index = await this.catalog.indexFor(m, workspaceId);
    const items: Reevaluation[] = [];
    for (const batch of users.values()) {
      const user = locked.get(batch.userId)!;
      const withTraits = applyTraits(user.state, batch.traits);
      const state = prune(applyEvents(withTraits, batch.occurrences), index.retention, now.getTime(), {
        otherEvents: UNREFERENCED_EVENT_RETENTION_MS,
      });
      const segments = index.affectedBy(new Set(batch.occurrences.map((o) => o.name)), Object.keys(batch.traits));
      items.push({ user, state, segments, complete: false, causeMessageId: batch.lastMessageId });
    }
    return linked + (await reevaluateAndRecord(m, { workspaceId, index, now, cause: 'event' }, items));
  }
}

function identityOf(e: BehaviourEvent): string | undefined {
  return e.userId ?? e.anonymousId ?? undefined;
}

function counted(e: BehaviourEvent): boolean {
  return identityOf(e) !== undefined && (e.type === 'track' || e.type === 'identify');
}

/** Per final user, in order: an event of a linked id (anonymous, or aliased away) goes to the user it resolves to. */
function groupByUser(events: BehaviourEvent[], finals: Map<string, string>): Map<string, UserBatch> {
  const users = new Map<string, UserBatch>();
  for (const e of events) {
    if (!counted(e)) continue;
    const userId = finals.get(identityOf(e)!)!;
    let batch = users.get(userId);
    if (!batch) users.set(userId, (batch = { userId, occurrences: [], traits: {}, lastMessageId: e.messageId }));
    batch.lastMessageId = e.messageId;
    if (e.type === 'track' && e.event) {
      batch.occurrences.push({ name: e.event, at: Date.parse(e.timestamp), properties: e.properties ?? {} });
    }
    if (e.type === 'identify' && e.traits) Object.assign(batch.traits, e.traits);
  }
  return users;
}
