import { CairnConfig } from '@cairn/config';
import { CatalogEvent, eventIdentity } from '@cairn/contracts';
import { CLOCK, Clock } from '@cairn/core';
import { OutboxRelay } from '@cairn/kafka';
import { CONFIG, consumeBatch, ConsumerScope, DATA_SOURCE, OUTBOX } from '@cairn/runtime';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { CatalogEntry, decideEntry, EntryTrigger } from '@cairn/journeys-domain';
import { JourneyRepository, PublishedJourney } from '../../definitions/journey.repository';
import { enterUsers } from '../../runs/enter-users';
import { ItemInterestRepository } from '../item-interest.repository';
import { HandleCatalogCommand } from './handle-catalog.command';

export const CATALOG_CONSUMER = 'journeys.catalog';
export const AUDIENCE_PAGE = 1000;
const SCOPE: ConsumerScope<CatalogEvent> = { consumer: CATALOG_CONSUMER, identity: eventIdentity, workspaceOf: (c) => c.workspaceId };

/**
 * One batch of catalog events (restocks, price drops) in one transaction: for
 * each active catalog journey on that event whose `where` and `maxEventAge`
 * accept it, the audience is read page by page from the local item-interest
 * projection and entered set-based. A redelivered event is skipped by key; a
 * user is entered at most once per interest (see ItemInterestRepository).
 */
@Injectable()
export class HandleCatalogUseCase {
  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(CONFIG) private readonly config: CairnConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(OUTBOX) private readonly outbox: OutboxRelay,
  ) {}

  async execute(command: HandleCatalogCommand): Promise<void> {
    const now = this.clock.now();
    await consumeBatch({ dataSource: this.dataSource, schema: 'journeys', outbox: this.outbox }, SCOPE, command.events, async (m, workspaceId, events) => {
      let queued = 0;
      for (const event of events) {
        const journeys = await new JourneyRepository(m).activeByEntry(workspaceId, 'catalog', [event.event]);
        for (const journey of journeys) queued += await this.enterAudience(m, journey, event, now);
      }
      return queued;
    });
  }

  private async enterAudience(m: EntityManager, journey: PublishedJourney, c: CatalogEvent, now: Date): Promise<number> {
    const at = Date.parse(c.timestamp);
    const trigger: EntryTrigger = {
      kind: 'catalog',
      event: { name: c.event, properties: { ...(c.properties ?? {}), itemId: c.itemId }, at, messageId: c.messageId },
    };
    // The event itself (where, maxEventAge) is checked once, with a blank history.
    if (!decideEntry(journey.definition, trigger, now.getTime(), { active: false, everEntered: false }).enter) return 0;
    const audience = (journey.definition.entry as CatalogEntry).audience;
    const workspace = this.config.workspaces.find((w) => w.id === c.workspaceId);
    const interest = new ItemInterestRepository(m);
    let queued = 0;
    let after = '';
    for (;;) {
      const page = await interest.audiencePage(c.workspaceId, { journeyId: journey.journeyId, itemId: c.itemId, audience, at, after, limit: AUDIENCE_PAGE });
      if (page.length === 0) return queued;
      const result = await enterUsers(
        m,
        journey,
        page.map((p) => p.userId),
        trigger,
        workspace,
        now,
      );
      const entered = new Set(result.entered);
      await interest.recordCatalogEntries(
        journey.journeyId,
        c.itemId,
        page.filter((p) => entered.has(p.userId)),
        now,
      );
      queued += result.queued;
      if (page.length < AUDIENCE_PAGE) return queued;
      after = page[page.length - 1].userId;
    }
  }
}
