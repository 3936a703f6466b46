import { CairnConfig } from '@cairn/config';
import { MembershipChange, membershipChangeIdentity } from '@cairn/contracts';
import { BatchGroup, CLOCK, Clock } from '@cairn/core';
import { OutboxRelay } from '@cairn/kafka';
import { CONFIG, consumeBatch, ConsumerScope, DATA_SOURCE, OUTBOX } from '@cairn/runtime';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { entryName, JourneyRepository, PublishedJourney } from '../../definitions/journey.repository';
import { erasedBefore, ErasureLedger } from '@cairn/db';
import { personSince } from '../../identity/erased-people';
import { lockResolved } from '../../identity/identity-lock';
import { BatchRuns } from '../../runs/batch-runs';
import { CONSUMER_LANES } from '../consumer-lanes';
import { HandleMembershipsCommand } from './handle-memberships.command';

export const MEMBERSHIP_CONSUMER = 'journeys.memberships';
const SCOPE: ConsumerScope<MembershipChange> = { consumer: MEMBERSHIP_CONSUMER, identity: membershipChangeIdentity, workspaceOf: (c) => c.workspaceId };

/**
 * One batch of segment entries and exits in one transaction, set-based per
 * workspace: the users' facts, the journeys entered on the batch's segments
 * and the users' histories with them are read up front; change by change in
 * order, the user's memberships (for `{ segment }` branches) and traits are
 * kept and the journeys entered on that change start; everything is written
 * once at the end. Redeliveries are skipped by key.
 *
 * A change of an id merged into another user is not the person's: the exits
 * segments publishes for a merged id (`mergedInto`) and any change of an id
 * journeys has merged already are skipped (the user's own changes follow under
 * the user's id). The users are locked against a concurrent merge. A change
 * of an erased person (stamped at or before the erasure) is dropped.
 */
@Injectable()
export class HandleMembershipsUseCase {
  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(CONFIG) private readonly config: CairnConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(OUTBOX) private readonly outbox: OutboxRelay,
  ) {}

  /** Partitions' batches that arrive while CONSUMER_LANES transactions are in flight go together in the next one. */
  private readonly group = new BatchGroup<MembershipChange>((changes) => this.handle(changes), CONSUMER_LANES);

  async execute(command: HandleMembershipsCommand): Promise<void> {
    if (command.changes.length > 0) await this.group.submit(command.changes);
  }

  private async handle(batch: MembershipChange[]): Promise<void> {
    const now = this.clock.now();
    await consumeBatch({ dataSource: this.dataSource, schema: 'journeys', outbox: this.outbox }, SCOPE, batch, (m, workspaceId, changes) =>
      this.handleWorkspace(m, workspaceId, changes, now),
    );
  }

  private async handleWorkspace(m: EntityManager, workspaceId: string, all: MembershipChange[], now: Date): Promise<number> {
    const erased = await new ErasureLedger(m, 'journeys').erasedAmong(
      workspaceId,
      all.map((c) => c.userId),
    );
    const candidates = all.filter((c) => c.mergedInto === undefined && !erasedBefore(erased.get(c.userId), Date.parse(c.at)));
    const finals = await lockResolved(
      m,
      workspaceId,
      candidates.map((c) => c.userId),
    );
    const changes = candidates.filter((c) => finals.get(c.userId) === c.userId);
    if (changes.length === 0) return 0;
    const keys = [...new Set(changes.map((c) => c.segmentKey))];
    const journeys = await new JourneyRepository(m).activeByEntry(workspaceId, 'segment', keys);
    const bySegment = new Map<string, PublishedJourney[]>();
    for (const j of journeys) bySegment.set(entryName(j.definition), [...(bySegment.get(entryName(j.definition)) ?? []), j]);
    const workspace = this.config.workspaces.find((w) => w.id === workspaceId);
    const since = await personSince(
      m,
      workspaceId,
      changes.map((c) => c.userId),
      { ids: new Set(all.map((c) => c.userId)), records: erased },
    );
    const runs = new BatchRuns(m, { workspaceId, workspace, now, personSince: since });
    await runs.load(changes.map((c) => c.userId));
    await runs.loadHistories(
      journeys,
      changes.filter((c) => bySegment.has(c.segmentKey)).map((c) => c.userId),
    );
    for (const c of changes) {
      const entered = c.change === 'entered';
      runs.setSegment(c.userId, c.segmentKey, entered);
      if (c.traits) runs.mergeTraits(c.userId, c.traits);
      const candidates = bySegment.get(c.segmentKey);
      if (!candidates) continue;
      runs.enter(c.userId, candidates, {
        kind: 'segment',
        segment: c.segmentKey,
        change: entered ? 'enter' : 'exit',
        at: Date.parse(c.at),
        messageId: membershipChangeIdentity(c),
      });
    }
    return runs.flush();
  }
}
